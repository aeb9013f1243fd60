namespace Rapport.Server.Tests.Customers;

/// <summary>Short-hands for calling the customer API in arrange steps; acts and asserts stay in the tests.</summary>
public static class CustomerApi
{
    public const string CustomersUrl = "/api/v1/customers";

    public static async Task<CustomerDto> CreateAsync(this HttpClient client, CustomerInput input)
    {
        return await client.PostCreatedAsync<CustomerDto>(CustomersUrl, input);
    }

    public static async Task<CustomerDto> GetCustomerAsync(this HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"{CustomersUrl}/{id}", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<CustomerDto>();
    }

    public static async Task<List<SearchHit>> SearchAsync(this HttpClient client, string q)
    {
        var response = await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<List<SearchHit>>();
    }

    /// <summary>Creates many customers through the API, a few requests at a time.</summary>
    public static async Task<List<CustomerDto>> CreateManyAsync(this HttpClient client, int count, Func<int, CustomerInput> input, int parallel = 8)
    {
        var created = new CustomerDto[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = Ct },
            async (i, _) => created[i] = await client.CreateAsync(input(i)));
        return [.. created];
    }

    /// <summary>Total number of live customers, as the list reports it on its first page.</summary>
    public static async Task<long> CountCustomersAsync(this HttpClient client, string? tag = null)
    {
        var page = await client.GetPageAsync<CustomerListItem>($"{CustomersUrl}?limit=1" + (tag is null ? "" : $"&tag={tag}"));
        return page.Total ?? throw new InvalidOperationException("first page has no total");
    }
}
