namespace Rapport.Server.Tests.Sales;

/// <summary>Rendering PDFs costs CPU and memory, so each user may ask for only so many per window (here two), with a
/// localized 429; other users are not held up by one who is.</summary>
public abstract class QuotePdfLimitTests(RapportApp app)
{
    [Fact]
    public async Task A_user_asking_for_too_many_pdfs_gets_a_localized_429_while_others_still_get_theirs()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var deal = await (await admin.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "Pdf deal", CustomerId = customer.Id })).ReadAsync<OpportunityDto>();
        var quote = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes",
            new QuoteInput(null, null, [new QuoteLineInput(null, "Item", 1, 10m)]))).ReadAsync<QuoteDto>();
        var eager = app.ClientWithToken(await app.CreateUserWithTokenAsync("pdf-" + Guid.NewGuid().ToString("N")[..8], Roles.Administrator));
        eager.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var other = app.ClientWithToken(await app.CreateUserWithTokenAsync("pdf-" + Guid.NewGuid().ToString("N")[..8], Roles.Administrator));
        var url = $"/api/v1/quotes/{quote.Id}/pdf";

        var first = await eager.GetAsync(url, Ct);
        var second = await eager.GetAsync(url, Ct);
        var third = await eager.GetAsync(url, Ct);
        var someoneElse = await other.GetAsync(url, Ct);

        await first.ShouldBeAsync(HttpStatusCode.OK);
        await second.ShouldBeAsync(HttpStatusCode.OK);
        var problem = await third.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("生成文档的请求过多，请稍后再试。", (string?)problem["title"]);
        Assert.True(third.Headers.RetryAfter is not null);
        await someoneElse.ShouldBeAsync(HttpStatusCode.OK);
    }
}

/// <summary>The app with a PDF limit small enough to reach in a test.</summary>
public abstract class PdfLimitApp(Provider provider) : RapportApp(provider)
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimiting:Pdf:PermitLimit", "2");
        builder.UseSetting("RateLimiting:Pdf:WindowSeconds", "3600");
    }
}

public sealed class PdfLimitSqliteApp() : PdfLimitApp(Provider.Sqlite);

public sealed class PdfLimitPostgresApp() : PdfLimitApp(Provider.Postgres);

public sealed class QuotePdfLimitOnSqlite(PdfLimitSqliteApp app) : QuotePdfLimitTests(app), IClassFixture<PdfLimitSqliteApp>;

public sealed class QuotePdfLimitOnPostgres(PdfLimitPostgresApp app) : QuotePdfLimitTests(app), IClassFixture<PdfLimitPostgresApp>;
