using Rapport.Core.Marketing.Classification;

namespace Rapport.Server.Tests.Marketing;

/// <summary>Rows for segment and classification tests written straight to the database, with the dates a test needs.</summary>
internal sealed class MarketingFixture(RapportDbContext db, DateTime now)
{
    public static async Task ArrangeAsync(RapportApp app, DateTime now, Func<MarketingFixture, Task> arrange)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await arrange(new MarketingFixture(db, now));
        await db.SaveChangesAsync(Ct);
    }

    public Customer Customer(string name, string? industry = null, Guid? owner = null, CustomerKind kind = CustomerKind.Company,
        ValueTier tier = ValueTier.Medium, LifecycleStage stage = LifecycleStage.New, string? source = null, Address? address = null, params string[] tags)
    {
        var c = new Customer
        {
            Number = "SEG-" + Unique(), Name = name, Industry = industry, OwnerId = owner, Kind = kind, Tier = tier, Stage = stage, Source = source,
            Addresses = address is null ? [] : [address],
        };
        c.ReplaceTags(tags);
        db.Customers.Add(c);
        return c;
    }

    public void Order(Customer c, int daysAgo, long minor, string currency = "CNY") =>
        db.Orders.Add(new Order { Number = "SO-" + Unique(), CustomerId = c.Id, OwnerId = c.OwnerId, Currency = currency, TotalMinor = minor, CreatedAt = now.AddDays(-daysAgo) });

    public void Interaction(Customer c, int daysAgo) =>
        db.Interactions.Add(new Interaction { CustomerId = c.Id, Subject = "Call " + Unique(), OccurredAt = now.AddDays(-daysAgo) });

    public async Task DealAsync(Customer c, StageKind kind)
    {
        var stage = await db.PipelineStages.AsNoTracking().FirstAsync(s => s.Kind == kind, Ct);
        db.Opportunities.Add(new Opportunity
        {
            Name = "Deal " + Unique(), CustomerId = c.Id, OwnerId = c.OwnerId, PipelineId = stage.PipelineId, StageId = stage.Id,
            AmountMinor = 100, Currency = "CNY", StageEnteredAt = now,
        });
    }

    public void Behaviour(Customer c, CustomerBehaviour behaviour) =>
        db.CustomerClassifications.Add(new CustomerClassification { CustomerId = c.Id, Behaviour = behaviour });
}
