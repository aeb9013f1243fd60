using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Arrange and act steps of the import tests: upload a file, map it, run it to its end.</summary>
public static class ImportApi
{
    public const string Url = "/api/v1/imports";

    public static async Task<ImportPreview> UploadAsync(this HttpClient client, byte[] content, string fileName = "customers.csv", string? target = null)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        var response = await client.PostAsync(target is null ? Url : $"{Url}?target={target}", new MultipartFormDataContent { { part, "file", fileName } }, Ct);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<ImportPreview>();
    }

    public static Task<ImportPreview> UploadCsvAsync(this HttpClient client, string csv) => client.UploadAsync(Encoding.UTF8.GetBytes(csv));

    public static async Task<ImportPreview> MapAsync(this HttpClient client, Guid id, ImportMapping mapping)
    {
        var response = await client.PutJsonAsync($"{Url}/{id}/mapping", mapping);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<ImportPreview>();
    }

    /// <summary>Starts the run and follows its progress until the background worker has finished it.</summary>
    public static async Task<ImportRunDto> RunToEndAsync(this HttpClient client, Guid id, string action = "start")
    {
        await (await client.PostAsync($"{Url}/{id}/{action}", null, Ct)).ShouldBeAsync(HttpStatusCode.Accepted);
        return await client.WaitForEndAsync(id);
    }

    public static async Task<ImportRunDto> WaitForEndAsync(this HttpClient client, Guid id)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        while (true)
        {
            var run = await (await client.GetAsync($"{Url}/{id}", deadline.Token)).ReadAsync<ImportRunDto>();
            if (run.Status is ImportStatus.Completed or ImportStatus.Failed) return run;
            await Task.Delay(25, deadline.Token);
        }
    }

    public static async Task<List<CustomerDto>> CustomersTaggedAsync(this HttpClient client, string tag)
    {
        var page = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&limit=200");
        var result = new List<CustomerDto>();
        foreach (var item in page.Items) result.Add(await client.GetCustomerAsync(item.Id));
        return [.. result.OrderBy(c => c.Name, StringComparer.Ordinal)];
    }
}
