namespace Rapport.Server.Tests.Customers;

/// <summary>The duplicate check on create looks at every record, not only the creator's, so two reps of different
/// teams cannot own the same customer unawares; a match outside the creator's scope names only the owner to ask.</summary>
public abstract class DuplicateAcrossTeamsTests(RapportApp app)
{
    private const string LeadsUrl = "/api/v1/leads";

    /// <summary>Two sales reps in two different teams, and the first one's display name.</summary>
    private async Task<(HttpClient First, string FirstName, HttpClient Second)> TwoRepsAsync()
    {
        var admin = await app.AdminClientAsync();
        async Task<Guid> TeamAsync() => (await (await admin.PostJsonAsync("/api/v1/teams",
            new Rapport.Core.Access.TeamInput("Team " + Guid.NewGuid().ToString("N")[..8], null))).ReadAsync<Rapport.Core.Access.TeamDto>()).Id;
        var (first, firstId) = await app.NewUserAsync(Roles.SalesRepresentative, await TeamAsync());
        var (second, _) = await app.NewUserAsync(Roles.SalesRepresentative, await TeamAsync());
        var firstName = (string?)(await (await admin.GetAsync($"/api/v1/users/{firstId}", Ct)).ReadNodeAsync())["displayName"];
        return (first, firstName!, second);
    }

    private static HttpRequestMessage Post<T>(string url, T body, string language) => new(HttpMethod.Post, url)
    {
        Content = JsonContent.Create(body, options: Json.Options),
        Headers = { { "Accept-Language", language } },
    };

    [Fact]
    public async Task A_customer_owned_by_another_team_is_reported_with_only_its_owner()
    {
        var (first, firstName, second) = await TwoRepsAsync();
        var phone = "+86" + CustomerSamples.ChinaMobile();
        var theirs = await first.CreateAsync(CustomerSamples.Valid(name: "Secret Holdings " + Guid.NewGuid().ToString("N")[..6], phone: phone));
        var tag = CustomerSamples.NewTag();

        var english = await second.SendAsync(Post(CustomersUrl, CustomerSamples.Valid(phone: phone, tag: tag), "en"), Ct);
        var chinese = await second.SendAsync(Post(CustomersUrl, CustomerSamples.Valid(phone: phone, tag: tag), "zh-CN"), Ct);

        var body = await english.Content.ReadAsStringAsync(Ct);
        var problem = await english.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty(problem["matches"]!.AsArray());
        var elsewhere = Assert.Single(problem["elsewhere"]!.AsArray())!;
        Assert.Equal($"A customer with this phone already exists, owned by another team — ask {firstName} to share it.", (string?)elsewhere["message"]);
        Assert.Equal(("customer", "phone", firstName), ((string?)elsewhere["kind"], (string?)elsewhere["matchedOn"], (string?)elsewhere["ownerName"]));
        Assert.DoesNotContain(theirs.Id.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Number, body, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Emails[0], body, StringComparison.Ordinal);
        var zh = (await chinese.ShouldBeProblemAsync(HttpStatusCode.Conflict))["elsewhere"]![0]!;
        Assert.Equal($"已存在电话相同的客户，归其他团队所有——请联系 {firstName} 共享。", (string?)zh["message"]);
        Assert.Equal(0, await second.CountCustomersAsync(tag));

        var confirmed = await second.PostJsonAsync($"{CustomersUrl}?confirmDuplicate=true", CustomerSamples.Valid(phone: phone, tag: tag));
        await confirmed.ShouldBeAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_lead_owned_by_another_team_is_reported_with_only_its_owner()
    {
        var (first, firstName, second) = await TwoRepsAsync();
        var email = $"shared.{Guid.NewGuid():N}@example.com";
        var theirs = await (await first.PostJsonAsync(LeadsUrl, new LeadInput { Name = "Hidden Person", Email = email })).ReadAsync<LeadDto>();

        var response = await second.SendAsync(Post(LeadsUrl, new LeadInput { Name = "Someone", Email = email }, "en"), Ct);

        var body = await response.Content.ReadAsStringAsync(Ct);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var elsewhere = Assert.Single(problem["elsewhere"]!.AsArray())!;
        Assert.Equal($"A lead with this email already exists, owned by another team — ask {firstName} to share it.", (string?)elsewhere["message"]);
        Assert.DoesNotContain(theirs.Id.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden Person", body, StringComparison.Ordinal);
    }
}

public sealed class DuplicateAcrossTeamsTestsOnSqlite(SqliteApp app) : DuplicateAcrossTeamsTests(app), IClassFixture<SqliteApp>;

public sealed class DuplicateAcrossTeamsTestsOnPostgres(PostgresApp app) : DuplicateAcrossTeamsTests(app), IClassFixture<PostgresApp>;
