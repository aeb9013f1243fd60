using System.Text.Json.Nodes;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>What every API test asserts about HTTP answers: the status (with the body when it differs), problem
/// details and their field codes, pages, If-Match. Module helpers (CustomerApi …) build on these.</summary>
public static class HttpAssertions
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Page<T>> GetPageAsync<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<Page<T>>();
    }

    /// <summary>Posts <paramref name="body"/> as JSON, asserts 201 Created and returns the created record.</summary>
    public static async Task<T> PostCreatedAsync<T>(this HttpClient client, string url, object body)
    {
        var response = await client.PostJsonAsync(url, body);
        await response.ShouldBeAsync(HttpStatusCode.Created);
        return await response.ReadAsync<T>();
    }

    /// <summary>Asserts the status and shows the body when it differs, so failures explain themselves.</summary>
    public static async Task ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}\n{body}");
        }
    }

    /// <summary>Asserts a problem+json answer with the status and returns its body.</summary>
    public static async Task<JsonNode> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldBeAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadNodeAsync();
        Assert.Equal((int)expected, (int?)problem["status"]);
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming exactly <paramref name="codes"/> for <paramref name="field"/>, and
    /// returns its body.</summary>
    public static async Task<JsonNode> ShouldRejectAsync(this HttpResponseMessage response, string field, params string[] codes)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(codes, problem.Codes(field));
        return problem;
    }

    /// <summary>The resource keys a validation problem reports for a field (empty when the field is not named).</summary>
    public static string[] Codes(this JsonNode problem, string field) =>
        problem["codes"]?[field]?.AsArray().Select(c => (string)c!).ToArray() ?? [];

    public static string[] Messages(this JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(c => (string)c!).ToArray() ?? [];

    public static HttpRequestMessage WithIfMatch(this HttpRequestMessage request, string etag)
    {
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }
}
