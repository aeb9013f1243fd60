namespace Rapport.Server.Tests.Customers;

/// <summary>Whatever a caller sends, the answer is a 4xx problem (never a 500) and nothing is half-written.</summary>
public abstract class BadInputTests(RapportApp app)
{
    private const string ValidBody = """
        {"name":"Bad Input Co","kind":"company","phones":["+1 650 253 9999"],"emails":["bad.input@example.com"],
         "addresses":[{"country":"China","city":"Shanghai"}],"tags":["TAG"]}
        """;

    public static TheoryData<string, string> BadBodies => new()
    {
        { "malformed JSON", """{"name":"Bad Input Co", "kind":""" },
        { "not JSON at all", "name=Bad Input Co" },
        { "JSON array", "[]" },
        { "JSON null", "null" },
        { "JSON string", "\"Bad Input Co\"" },
        { "unknown enum", ValidBody.Replace("\"company\"", "\"alien\"", StringComparison.Ordinal) },
        { "integer enum", ValidBody.Replace("\"company\"", "1", StringComparison.Ordinal) },
        { "unknown tier", ValidBody.Replace("\"tags\"", "\"tier\":\"platinum\",\"tags\"", StringComparison.Ordinal) },
        { "unknown field", ValidBody.Replace("\"tags\"", "\"isAdmin\":true,\"tags\"", StringComparison.Ordinal) },
        { "phones is a string", ValidBody.Replace("[\"+1 650 253 9999\"]", "\"+1 650 253 9999\"", StringComparison.Ordinal) },
        { "name is a number", ValidBody.Replace("\"Bad Input Co\"", "42", StringComparison.Ordinal) },
        { "name is an object", ValidBody.Replace("\"Bad Input Co\"", "{\"first\":\"Bad\"}", StringComparison.Ordinal) },
        { "address is a string", ValidBody.Replace("{\"country\":\"China\",\"city\":\"Shanghai\"}", "\"Shanghai\"", StringComparison.Ordinal) },
        { "null address", ValidBody.Replace("{\"country\":\"China\",\"city\":\"Shanghai\"}", "null", StringComparison.Ordinal) },
        { "null phone", ValidBody.Replace("[\"+1 650 253 9999\"]", "[null]", StringComparison.Ordinal) },
        { "null tag", ValidBody.Replace("[\"TAG\"]", "[\"TAG\",null]", StringComparison.Ordinal) },
        { "ownerId not a guid", ValidBody.Replace("\"tags\"", "\"ownerId\":\"bob\",\"tags\"", StringComparison.Ordinal) },
        { "unknown owner", ValidBody.Replace("\"tags\"", $"\"ownerId\":\"{Guid.NewGuid()}\",\"tags\"", StringComparison.Ordinal) },
        { "name of 10,000 characters", ValidBody.Replace("Bad Input Co", new string('x', 10_000), StringComparison.Ordinal) },
        { "notes of 100,000 characters", ValidBody.Replace("\"tags\"", $"\"notes\":\"{new string('n', 100_000)}\",\"tags\"", StringComparison.Ordinal) },
        { "21 tags", ValidBody.Replace("[\"TAG\"]", "[" + string.Join(',', Enumerable.Range(0, 20).Select(i => $"\"t{i}\"")) + ",\"TAG\"]", StringComparison.Ordinal) },
        { "11 phones", ValidBody.Replace("\"phones\":[", "\"phones\":[" + string.Join(',', Enumerable.Range(0, 10).Select(i => $"\"+1 650 253 {9000 + i}\"")) + ",", StringComparison.Ordinal) },
        { "phone of 1,000 digits", ValidBody.Replace("+1 650 253 9999", new string('1', 1000), StringComparison.Ordinal) },
        { "trailing garbage", ValidBody + "}" },
    };

    /// <summary>Each body carries a tag of its own; afterwards no customer may have it.</summary>
    private static string Tagged(string body, string tag) => body.Replace("\"TAG\"", $"\"{tag}\"", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_create_body_answers_400_problem_and_writes_nothing(string what, string body)
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var before = await client.CountCustomersAsync();

        var response = await client.PostAsync(CustomersUrl, new StringContent(Tagged(body, tag), Encoding.UTF8, "application/json"), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]), what);
        Assert.Equal(0, await client.CountCustomersAsync(tag));
        Assert.Equal(before, await client.CountCustomersAsync());
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_update_body_answers_400_problem_and_changes_nothing(string what, string body)
    {
        var client = await app.AdminClientAsync();
        var dto = await client.CreateAsync(CustomerSamples.Valid(name: "Untouched"));

        var response = await client.PutAsync($"{CustomersUrl}/{dto.Id}", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var after = await client.GetCustomerAsync(dto.Id);
        Assert.Equal(1, after.Version);
        Assert.Equal("Untouched", after.Name);
        Assert.Equal(dto.Phones, after.Phones);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public async Task Json_errors_name_the_offending_path()
    {
        var client = await app.AdminClientAsync();

        var response = await client.PostAsync(CustomersUrl,
            new StringContent(ValidBody.Replace("\"company\"", "\"alien\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("$.kind", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain("Rapport.Core", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_body_answers_400()
    {
        var client = await app.AdminClientAsync();
        var before = await client.CountCustomersAsync();

        var empty = await client.PostAsync(CustomersUrl, new StringContent("", Encoding.UTF8, "application/json"), Ct);
        var none = await client.PostAsync(CustomersUrl, null, Ct);

        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(none.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"got {none.StatusCode}");
        Assert.Equal(before, await client.CountCustomersAsync());
    }

    [Fact]
    public async Task Wrong_content_type_answers_415_or_400()
    {
        var client = await app.AdminClientAsync();
        var before = await client.CountCustomersAsync();

        var response = await client.PostAsync(CustomersUrl, new StringContent(ValidBody, Encoding.UTF8, "text/plain"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"got {response.StatusCode}");
        Assert.Equal(before, await client.CountCustomersAsync());
    }

    [Fact]
    public async Task Body_of_5_MB_answers_413_or_400()
    {
        var client = await app.AdminClientAsync();
        var before = await client.CountCustomersAsync();
        var huge = ValidBody.Replace("Bad Input Co", new string('x', 5 * 1024 * 1024), StringComparison.Ordinal);

        var response = await client.PostAsync(CustomersUrl, new StringContent(huge, Encoding.UTF8, "application/json"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"got {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await client.CountCustomersAsync());
    }

    [Theory]
    [InlineData("/api/v1/customers/not-a-guid")]
    [InlineData("/api/v1/customers/12345")]
    [InlineData("/api/v1/customers/not-a-guid/contacts")]
    [InlineData("/api/v1/customers/00000000-0000-0000-0000-000000000000")]
    [InlineData("/api/v1/customers/00000000-0000-0000-0000-000000000000/interactions")]
    public async Task Invalid_or_unknown_id_in_route_answers_404(string url)
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("sort=sideways")]
    [InlineData("tier=platinum")]
    [InlineData("stage=1")]
    [InlineData("tier=0")]
    [InlineData("tier=high,low")]
    [InlineData("createdFrom=yesterday")]
    [InlineData("ownerId=bob")]
    [InlineData("limit=1e3")]
    [InlineData("limit=99999999999")]
    public async Task Bad_query_parameter_answers_400_problem(string query)
    {
        var client = await app.AdminClientAsync();

        var response = await client.GetAsync($"{CustomersUrl}?{query}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("kind=alien")]
    [InlineData("limit=0")]
    [InlineData("cursor=garbage")]
    public async Task Bad_timeline_query_answers_400_problem(string query)
    {
        var client = await app.AdminClientAsync();
        var dto = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.GetAsync($"{CustomersUrl}/{dto.Id}/interactions?{query}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"kind":"alien","subject":"x"}""")]
    [InlineData("""{"kind":7,"subject":"x"}""")]
    [InlineData("""{"subject":"x","occurredAt":"last tuesday"}""")]
    [InlineData("""{"subject":"x","followUpOn":"2026-02-30"}""")]
    [InlineData("""{"subject":"x","contactId":"nope"}""")]
    [InlineData("""{"subject":"x","participants":[null]}""")]
    [InlineData("""{"subject":"x","direction":"sideways"}""")]
    [InlineData("""{"subject":null}""")]
    public async Task Bad_interaction_body_answers_400_and_writes_nothing(string body)
    {
        var client = await app.AdminClientAsync();
        var dto = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.PostAsync($"{CustomersUrl}/{dto.Id}/interactions", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await client.GetPageAsync<Rapport.Core.Customers.InteractionDto>($"{CustomersUrl}/{dto.Id}/interactions")).Items);
    }

    [Theory]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"name":"x","phones":[null]}""")]
    [InlineData("""{"name":"x","emails":"a@b.c"}""")]
    [InlineData("""{"name":"x","isPrimary":"yes"}""")]
    [InlineData("""{"name":"x","customerId":"00000000-0000-0000-0000-000000000000"}""")]
    public async Task Bad_contact_body_answers_400_and_writes_nothing(string body)
    {
        var client = await app.AdminClientAsync();
        var dto = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.PostAsync($"{CustomersUrl}/{dto.Id}/contacts", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await client.GetPageAsync<Rapport.Core.Customers.ContactDto>($"{CustomersUrl}/{dto.Id}/contacts")).Items);
    }

    [Theory]
    [InlineData("""{"userName":"admin"}""")]
    [InlineData("""{"userName":"admin","password":"x","remember":true}""")]
    [InlineData("""{"userName":["admin"],"password":"x"}""")]
    [InlineData("""not json""")]
    public async Task Bad_sign_in_body_is_refused_without_500(string body)
    {
        var client = app.CreateClient();

        var response = await client.PostAsync("/api/v1/account/login", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"got {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class BadInputOnSqlite(SqliteApp app) : BadInputTests(app), IClassFixture<SqliteApp>;

public sealed class BadInputOnPostgres(PostgresApp app) : BadInputTests(app), IClassFixture<PostgresApp>;
