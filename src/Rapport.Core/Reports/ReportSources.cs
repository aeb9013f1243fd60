using Rapport.Core.Customers;
using Rapport.Core.Leads;
using Rapport.Core.Privacy;
using Rapport.Core.Sales;
using Rapport.Core.ServiceDesk;
using P = Rapport.Core.Access.Permissions;

namespace Rapport.Core.Reports;

/// <summary>The whitelist of what reports may query. Each source reads its entity through the DbContext (record scope
/// and soft delete apply as for any list) and names the fields a report may group, filter and aggregate; nothing
/// else reaches a query. Adding a source is one entry here and a <c>Report.Source.{name}</c> string (plus a
/// <c>Report.Field.{field}</c> string per new field name).</summary>
public static class ReportSources
{
    public static readonly IReadOnlyList<ReportSource> All =
    [
        new ReportSource<Customer>("customers", P.CustomersRead, db => db.Customers)
            .Field("kind", c => c.Kind).Field("tier", c => c.Tier).Field("lifecycle", c => c.Stage)
            .Field("industry", c => c.Industry).Field("leadSource", c => c.Source)
            .Field("owner", c => c.OwnerId, ReportLabels.Users).Field("createdAt", c => c.CreatedAt),

        new ReportSource<Lead>("leads", P.LeadsRead, db => db.Leads)
            .Field("status", l => l.Status).Field("leadSource", l => l.Source).Field("industry", l => l.Industry)
            .Field("region", l => l.Region).Field("country", l => l.Country).Field("city", l => l.City)
            .Field("email", l => l.Email, sensitive: SensitiveFields.Emails).Field("phone", l => l.Phone, sensitive: SensitiveFields.Phones)
            .Field("owner", l => l.OwnerId, ReportLabels.Users).Field("createdAt", l => l.CreatedAt).Field("convertedAt", l => l.ConvertedAt)
            .Number("score", l => l.Score).Number("activityCount", l => l.ActivityCount),

        new ReportSource<Opportunity>("opportunities", P.OpportunitiesRead, db => db.Opportunities)
            .Field("stage", o => o.StageId, ReportLabels.Stages).Field("owner", o => o.OwnerId, ReportLabels.Users)
            .Field("customer", o => o.CustomerId, ReportLabels.Customers).Field("forecastCategory", o => o.ForecastCategory)
            .Computed("outcome", x => o => o.ClosedAt == null ? "open" : x.WonStages.Contains(o.StageId) ? "won" : "lost")
            .Field("customerTier", o => o.Customer!.Tier).Field("customerIndustry", o => o.Customer!.Industry)
            .Field("createdAt", o => o.CreatedAt).Field("closedAt", o => o.ClosedAt).Field("expectedCloseDate", o => o.ExpectedCloseDate)
            .Money(o => o.Currency, ("amount", o => o.AmountMinor))
            .Number("probability", o => o.Probability)
            // 100 for a won deal, 0 otherwise: its average over closed deals is the win rate in percent.
            .Number("won", x => o => x.WonStages.Contains(o.StageId) ? 100.0 : 0.0),

        new ReportSource<OpportunityStageChange>("stageHistory", P.OpportunitiesRead, db => db.OpportunityStageChanges)
            .Field("fromStage", c => c.FromStageId, ReportLabels.Stages).Field("toStage", c => c.ToStageId, ReportLabels.Stages)
            .Field("changedBy", c => c.ChangedById, ReportLabels.Users).Field("owner", c => c.Opportunity!.OwnerId, ReportLabels.Users)
            .Field("changedAt", c => c.ChangedAt)
            .Number("daysInPrevious", _ => c => c.SecondsInPrevious / 86400.0),

        new ReportSource<Quote>("quotes", P.OpportunitiesRead, db => db.Quotes)
            .Field("status", q => q.Status).Field("owner", q => q.Opportunity!.OwnerId, ReportLabels.Users)
            .Field("customer", q => q.CustomerId, ReportLabels.Customers)
            .Field("createdAt", q => q.CreatedAt).Field("sentAt", q => q.SentAt).Field("decidedAt", q => q.DecidedAt)
            .Money(q => q.Currency, ("total", q => q.TotalMinor), ("subtotal", q => q.SubtotalMinor)),

        new ReportSource<Order>("orders", P.OrdersRead, db => db.Orders)
            .Field("status", o => o.Status).Field("owner", o => o.OwnerId, ReportLabels.Users)
            .Field("customer", o => o.CustomerId, ReportLabels.Customers).Field("createdAt", o => o.CreatedAt)
            .Money(o => o.Currency, ("total", o => o.TotalMinor), ("invoiced", o => o.InvoicedMinor)),

        new ReportSource<Invoice>("invoices", P.OrdersRead, db => db.Invoices)
            .Field("status", i => i.Status).Field("owner", i => i.Order!.Customer!.OwnerId, ReportLabels.Users)
            .Field("customer", i => i.CustomerId, ReportLabels.Customers)
            .Field("issuedOn", i => i.IssuedOn).Field("dueOn", i => i.DueOn)
            // Days past the due date (one not yet due is 0).
            .Computed("aging", x => i => i.DueOn >= x.Today.AddDays(-30) ? "0-30" : i.DueOn >= x.Today.AddDays(-60) ? "31-60"
                : i.DueOn >= x.Today.AddDays(-90) ? "61-90" : "90+")
            .Money(i => i.Currency, ("amount", i => i.AmountMinor), ("paid", i => i.PaidMinor), ("outstanding", i => i.AmountMinor - i.PaidMinor)),

        new ReportSource<Payment>("payments", P.OrdersRead, db => db.Payments)
            .Field("method", p => p.Method).Field("owner", p => p.Invoice!.Order!.Customer!.OwnerId, ReportLabels.Users)
            .Field("recordedBy", p => p.RecordedById, ReportLabels.Users).Field("paidOn", p => p.PaidOn)
            .Money(p => p.Invoice!.Currency, ("amount", p => p.AmountMinor)),

        new ReportSource<Contract>("contracts", P.ContractsRead, db => db.Contracts)
            .Field("status", c => c.Status).Field("owner", c => c.OwnerId, ReportLabels.Users)
            .Field("customer", c => c.CustomerId, ReportLabels.Customers)
            .Field("startDate", c => c.StartDate).Field("endDate", c => c.EndDate)
            .Money(c => c.Currency, ("value", c => c.ValueMinor)),

        new ReportSource<Interaction>("interactions", P.CustomersRead, db => db.Interactions)
            .Field("kind", i => i.Kind).Field("direction", i => i.Direction).Field("done", i => i.Done)
            .Field("user", i => i.CreatedById, ReportLabels.Users).Field("owner", i => i.Customer!.OwnerId, ReportLabels.Users)
            .Field("customer", i => i.CustomerId, ReportLabels.Customers).Field("occurredAt", i => i.OccurredAt),

        // Campaign members (company-wide, like campaigns): the stage each reached, when added and sent.
        new ReportSource<Marketing.Campaigns.CampaignMember>("campaignMembers", P.CampaignsRead, db => db.CampaignMembers)
            .Field("status", m => m.Status).Field("addedAt", m => m.AddedAt).Field("sentAt", m => m.SentAt),

        new ReportSource<Case>("cases", P.CasesRead, db => db.Cases)
            .Field("status", c => c.Status).Field("type", c => c.Type).Field("channel", c => c.Channel).Field("priority", c => c.Priority)
            .Field("category", c => c.CategoryId, ReportLabels.CaseCategories).Field("owner", c => c.OwnerId, ReportLabels.Users)
            .Field("queue", c => c.QueueId, ReportLabels.Teams).Field("customer", c => c.CustomerId, ReportLabels.Customers)
            .Field("createdAt", c => c.CreatedAt).Field("resolvedAt", c => c.ResolvedAt)
            .Number("rating", c => c.Rating),
    ];

    public static ReportSource? Find(string? name) => All.FirstOrDefault(s => s.Name == name);
}
