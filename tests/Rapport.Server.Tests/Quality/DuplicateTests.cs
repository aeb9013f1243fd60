using Rapport.Core.Quality;

namespace Rapport.Server.Tests.Quality;

/// <summary>The duplicate finder through the API on both databases: pairs within blocks, the score and reasons, record
/// scope, and "not a duplicate" remembered across scans.</summary>
public abstract class DuplicateTests(RapportApp app)
{
    private const string Url = "/api/v1/quality/duplicates";

    private static Task<CustomerDto> CreateDuplicateAsync(HttpClient client, CustomerInput input) =>
        client.PostCreatedAsync<CustomerDto>($"{CustomersUrl}?confirmDuplicate=true", input);

    private static async Task ScanAsync(HttpClient client) =>
        await (await client.PostAsync($"{Url}/scan", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

    private static async Task<List<DuplicatePairItem>> PairsAsync(HttpClient client)
    {
        var all = new List<DuplicatePairItem>();
        string? cursor = null;
        do
        {
            var page = await client.GetPageAsync<DuplicatePairItem>($"{Url}?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    private static DuplicatePairItem? PairOf(List<DuplicatePairItem> pairs, Guid x, Guid y) =>
        pairs.SingleOrDefault(p => (p.A.Id == x && p.B.Id == y) || (p.A.Id == y && p.B.Id == x));

    [Fact]
    public async Task Customers_sharing_an_email_or_a_normalised_name_are_paired_with_reasons_and_a_score_and_others_are_not()
    {
        var admin = await app.AdminClientAsync();
        var word = "Dup" + Unique();
        var email = $"{word}@example.com";
        var a = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Trading Co., Ltd.", email: email));
        var b = await CreateDuplicateAsync(admin, CustomerSamples.Valid(name: $"{word.ToUpperInvariant()} TRADING", email: email));
        var c = await admin.CreateAsync(CustomerSamples.Valid(name: $"星辰{word}科技有限公司"));
        var d = await admin.CreateAsync(CustomerSamples.Valid(name: $"星辰{word}科技"));
        var other = await admin.CreateAsync(CustomerSamples.Valid(name: $"Globex {Unique()}"));

        await ScanAsync(admin);
        var pairs = await PairsAsync(admin);

        var ab = PairOf(pairs, a.Id, b.Id);
        Assert.NotNull(ab);
        Assert.Contains("email", ab.Reasons);
        Assert.Contains("name", ab.Reasons);
        var cd = PairOf(pairs, c.Id, d.Id);
        Assert.NotNull(cd);
        Assert.Contains("name", cd.Reasons);
        Assert.DoesNotContain("email", cd.Reasons);
        Assert.True(ab.Score > cd.Score, $"{ab.Score} <= {cd.Score}");
        Assert.DoesNotContain(pairs, p => p.A.Id == other.Id || p.B.Id == other.Id);
        Assert.Null(PairOf(pairs, a.Id, c.Id));
        // Best score first.
        Assert.Equal(pairs.Select(p => p.Score).OrderDescending(), pairs.Select(p => p.Score));
    }

    [Fact]
    public async Task A_dismissed_pair_leaves_the_list_and_stays_out_after_the_next_scan()
    {
        var admin = await app.AdminClientAsync();
        var word = "Dis" + Unique();
        var a = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} GmbH"));
        var b = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Limited"));
        await ScanAsync(admin);
        var pair = PairOf(await PairsAsync(admin), a.Id, b.Id);
        Assert.NotNull(pair);

        await (await admin.PostAsync($"{Url}/{pair.Id}/dismiss", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await ScanAsync(admin);

        Assert.Null(PairOf(await PairsAsync(admin), a.Id, b.Id));
    }

    [Fact]
    public async Task A_rep_sees_only_pairs_of_their_own_customers_and_cannot_dismiss_others()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await app.NewUserAsync(Roles.SalesManager);
        var word = "Scope" + Unique();
        var mine1 = await rep.CreateAsync(CustomerSamples.Valid(name: $"{word} Mine Inc"));
        var mine2 = await rep.CreateAsync(CustomerSamples.Valid(name: $"{word} Mine LLC"));
        var theirs = await admin.CreateAsync(CustomerSamples.Valid(name: $"{word} Mine Ltd"));
        await ScanAsync(admin);
        var all = await PairsAsync(admin);
        var hidden = PairOf(all, mine1.Id, theirs.Id);
        Assert.NotNull(hidden);

        var seen = await PairsAsync(rep);

        Assert.NotNull(PairOf(seen, mine1.Id, mine2.Id));
        Assert.DoesNotContain(seen, p => p.A.Id == theirs.Id || p.B.Id == theirs.Id);
        await (await rep.PostAsync($"{Url}/{hidden.Id}/dismiss", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.NotEqual(Guid.Empty, repId);
    }

    [Fact]
    public async Task A_rep_without_the_permission_is_refused()
    {
        var (rep, _) = await app.NewUserAsync(Roles.SalesRepresentative);
        await (await rep.GetAsync(Url, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await rep.PostAsync($"{Url}/scan", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class DuplicatesOnSqlite(SqliteApp app) : DuplicateTests(app), IClassFixture<SqliteApp>;

public sealed class DuplicatesOnPostgres(PostgresApp app) : DuplicateTests(app), IClassFixture<PostgresApp>;
