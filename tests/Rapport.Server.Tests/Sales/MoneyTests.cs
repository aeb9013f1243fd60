using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Rapport.Server.Tests.Sales;

/// <summary>Amounts keep each currency's own decimals end to end — yen have none, dinars three — and amounts stored
/// before minor units were per currency keep their value through the upgrade.</summary>
public abstract class MoneyTests(RapportApp app)
{
    private async Task<(HttpClient Admin, Guid CustomerId)> CustomerAsync()
    {
        var admin = await app.AdminClientAsync();
        return (admin, (await admin.CreateAsync(CustomerSamples.Valid() with { Name = "Money Co " + Unique() })).Id);
    }

    private static async Task<OpportunityDto> DealAsync(HttpClient admin, Guid customerId, string currency, decimal amount)
    {
        return await admin.PostCreatedAsync<OpportunityDto>("/api/v1/opportunities", new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customerId, Currency = currency, Amount = amount });
    }

    [Fact]
    public async Task Quotes_in_yen_and_dinars_total_in_their_own_minor_units()
    {
        var (admin, customer) = await CustomerAsync();
        var yen = await DealAsync(admin, customer, "JPY", 0);
        var dinar = await DealAsync(admin, customer, "KWD", 0);

        var jpy = await (await admin.PostJsonAsync($"/api/v1/opportunities/{yen.Id}/quotes",
            new QuoteInput(null, null, [new QuoteLineInput(null, "Sensor", 3, 1999m, DiscountPercent: 10, TaxRatePercent: 10)]))).ReadAsync<QuoteDto>();
        var kwd = await (await admin.PostJsonAsync($"/api/v1/opportunities/{dinar.Id}/quotes",
            new QuoteInput(null, null, [new QuoteLineInput(null, "Sensor", 3, 12.345m, DiscountPercent: 10, TaxRatePercent: 5)]))).ReadAsync<QuoteDto>();

        // ¥5,997 less 10% = ¥5,397.3 → ¥5,397; tax 10% → ¥539.7 → ¥540. KWD 37.035 less 10% = 33.3315 → 33.332; tax 1.6666 → 1.667.
        Assert.Equal((5397m, 540m, 5937m), (jpy.Subtotal, jpy.Tax, jpy.Total));
        Assert.Equal((33.332m, 1.667m, 34.999m), (kwd.Subtotal, kwd.Tax, kwd.Total));
        // Yen have no decimals to give: half a yen is refused, not silently rounded.
        var half = await admin.PostJsonAsync($"/api/v1/opportunities/{yen.Id}/quotes", new QuoteInput(null, null, [new QuoteLineInput(null, "Half", 1, 0.5m)]));
        await half.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Amounts_stored_as_hundredths_before_the_upgrade_keep_their_value()
    {
        var (admin, customer) = await CustomerAsync();
        var yen = await DealAsync(admin, customer, "JPY", 1234m);
        var yuan = await DealAsync(admin, customer, "CNY", 16810.82m);
        var dinar = await DealAsync(admin, customer, "KWD", 12.34m);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var migrations = db.Database.GetMigrations().ToList();
        var upgrade = migrations.FindIndex(m => m.EndsWith("_MinorUnitsPerCurrency", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        async Task<long[]> StoredAsync() => await db.Opportunities.AsNoTracking().IgnoreQueryFilters()
            .Where(o => o.Id == yen.Id || o.Id == yuan.Id || o.Id == dinar.Id).OrderBy(o => o.Currency).Select(o => o.AmountMinor).ToArrayAsync(Ct);

        // Back to the version before: every amount is hundredths, as older versions stored it (CNY, JPY, KWD).
        await migrator.MigrateAsync(migrations[upgrade - 1], Ct);
        var before = await StoredAsync();
        Assert.Equal([1681082L, 123400L, 1234L], before);

        await migrator.MigrateAsync(cancellationToken: Ct);
        var after = await StoredAsync();
        Assert.Equal([1681082L, 1234L, 12340L], after);
        foreach (var (deal, amount) in new[] { (yen, 1234m), (yuan, 16810.82m), (dinar, 12.34m) })
            Assert.Equal(amount, (await (await admin.GetAsync($"/api/v1/opportunities/{deal.Id}", Ct)).ReadAsync<OpportunityDto>()).Amount);
    }
}

public sealed class MoneyOnSqlite(SqliteApp app) : MoneyTests(app), IClassFixture<SqliteApp>;

public sealed class MoneyOnPostgres(PostgresApp app) : MoneyTests(app), IClassFixture<PostgresApp>;
