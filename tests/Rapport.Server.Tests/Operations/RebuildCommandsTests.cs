using Rapport.Core.Reports;

namespace Rapport.Server.Tests.Operations;

/// <summary>The operator's rebuild verbs, run as the operator runs them (<c>rapport reports rebuild-rollup</c>,
/// <c>rapport customers rebuild-lists</c>) against a database whose kept tables were changed behind the triggers' back
/// (a restore of some tables, a hand edit): each reads its table again from the rows it keeps.</summary>
public abstract class RebuildCommandsTests(RapportApp app)
{
    private static readonly long[] Amounts = [1_500, 2_500];

    [Fact]
    public async Task Reports_rebuild_rollup_adds_the_deals_up_again_after_the_rollup_was_emptied()
    {
        var (_, owner) = await app.NewUserAsync(Roles.SalesRepresentative);
        (long Count, long Amount) Monthly(IEnumerable<DealRollup> rows) => (rows.Sum(r => r.Count), rows.Sum(r => r.AmountMinor));
        Task<List<DealRollup>> OwnersAsync(RapportDbContext db) =>
            db.DealRollups.AsNoTracking().Where(r => r.OwnerKey == owner && r.Grain == RollupGrain.Month).ToListAsync(Ct);
        await app.WithDbAsync(async db =>
        {
            var stage = await db.PipelineStages.AsNoTracking().OrderBy(s => s.Order).FirstAsync(s => s.Kind == StageKind.Open, Ct);
            var customer = new Customer { Number = "RBC-" + Unique(), Name = "Rebuild Co " + Unique(), OwnerId = owner };
            db.Customers.Add(customer);
            db.Opportunities.AddRange(Amounts.Select(minor => new Opportunity
            {
                Name = "Deal " + Unique(), CustomerId = customer.Id, OwnerId = owner, PipelineId = stage.PipelineId, StageId = stage.Id,
                AmountMinor = minor, Currency = "CNY", StageEnteredAt = DateTime.UtcNow,
            }));
            await db.SaveChangesAsync(Ct);
            Assert.Equal((2, 4_000), Monthly(await OwnersAsync(db)));
            return await db.DealRollups.ExecuteDeleteAsync(Ct);
        });

        var (exit, output) = await RapportCli.RunAsync(app, "reports", "rebuild-rollup");

        Assert.True(exit == 0, output);
        Assert.Contains("Deals rollup rebuilt", output, StringComparison.Ordinal);
        Assert.Equal((2, 4_000), Monthly(await app.WithDbAsync(OwnersAsync)));
    }

    [Fact]
    public async Task Customers_rebuild_lists_reads_every_customers_channels_and_tags_again()
    {
        var tag = CustomerSamples.NewTag();
        var customer = await (await app.AdminClientAsync()).CreateAsync(CustomerSamples.Valid(tag: tag));
        var pg = await app.WithDbAsync(db => Task.FromResult(db.IsPostgres));
        Task<string[]> ListAsync(string column) => app.WithDbAsync(async db => (await db.Customers.AsNoTracking().Where(c => c.Id == customer.Id)
            .Select(c => EF.Property<string>(c, column)).SingleAsync(Ct)).Split('\u001f', StringSplitOptions.RemoveEmptyEntries));
        if (pg)
        {
            // A restore of the customers' table alone: lists emptied behind the triggers' back.
            await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
                $"""UPDATE "Customers" SET "ChannelList" = '', "TagList" = 'stale' WHERE "Id" = {customer.Id}""", Ct));
            Assert.Equal(["stale"], await ListAsync(CustomerListsSchema.Tags));
        }

        var (exit, output) = await RapportCli.RunAsync(app, "customers", "rebuild-lists");

        Assert.True(exit == 0, output);
        if (!pg)
        {
            Assert.Contains("Nothing to rebuild", output, StringComparison.Ordinal);
            return;
        }
        Assert.Contains("Customer lists rebuilt", output, StringComparison.Ordinal);
        Assert.Equal([tag], await ListAsync(CustomerListsSchema.Tags));
        var channels = await ListAsync(CustomerListsSchema.Channels);
        Assert.Equal(customer.Phones.Count + customer.Emails.Count + customer.Ims.Count, channels.Length);
        Assert.Contains(channels, ch => ch.EndsWith(customer.Emails[0], StringComparison.Ordinal));
    }
}

public sealed class RebuildCommandsOnSqlite(SqliteApp app) : RebuildCommandsTests(app), IClassFixture<SqliteApp>;

public sealed class RebuildCommandsOnPostgres(PostgresApp app) : RebuildCommandsTests(app), IClassFixture<PostgresApp>;
