namespace Rapport.Core.Reports;

/// <summary>The reports every installation has from the start, in English and Chinese. They live in code (fixed ids),
/// so an upgrade brings new ones and fixes to old ones; nobody edits them, anyone may save a copy of their own.</summary>
public static class StandardReports
{
    public const string Folder = "standard";

    public sealed record Standard(Guid Id, string Key, string Name, string NameZh, ReportDefinition Definition)
    {
        public string Label => Common.Bilingual.Pick(Name, NameZh);
    }

    private static ReportDimensionRef Row(string field, TimeBucket? bucket = null) => new(field, bucket);
    private static ReportMeasureRef Sum(string field) => new(MeasureFunction.Sum, field);
    private static readonly ReportMeasureRef Count = new(MeasureFunction.Count);
    private static Guid Id(int n) => Guid.Parse($"0197a000-0000-7000-8000-{n:000000000000}");

    public static readonly IReadOnlyList<Standard> All =
    [
        new(Id(1), "revenueByMonth", "Revenue by month", "按月收入",
            new("invoices", [Row("issuedOn", TimeBucket.Month)], Measures: [Sum("amount")], Filters: [new("status", FilterOp.Ne, "void")])),
        new(Id(2), "pipelineByStage", "Pipeline by stage", "按阶段的销售管道",
            new("opportunities", [Row("stage")], Measures: [Count, Sum("amount")], Filters: [new("outcome", FilterOp.Eq, "open")])),
        new(Id(3), "winRateByOwner", "Win rate by owner", "按负责人的赢单率",
            new("opportunities", [Row("owner")], Measures: [new(MeasureFunction.Avg, "won"), Count], Filters: [new("outcome", FilterOp.Ne, "open")])),
        new(Id(4), "leadsBySource", "Leads by source", "按来源的线索",
            new("leads", [Row("leadSource")], Column: Row("status"), Measures: [Count], Sort: new(0, Descending: true))),
        new(Id(5), "newCustomersPerMonth", "New customers per month", "每月新增客户",
            new("customers", [Row("createdAt", TimeBucket.Month)], Measures: [Count])),
        new(Id(6), "receivablesAging", "Receivables aging", "应收账款账龄",
            new("invoices", [Row("aging")], Measures: [Sum("outstanding"), Count], Filters: [new("status", FilterOp.In, Values: ["open", "partiallyPaid"])])),
        new(Id(7), "paymentsByMonth", "Payments by month", "按月回款",
            new("payments", [Row("paidOn", TimeBucket.Month)], Measures: [Sum("amount")])),
        new(Id(8), "activityPerUser", "Activity volume per user", "按用户的活动量",
            new("interactions", [Row("user")], Column: Row("kind"), Measures: [Count], Sort: new(0, Descending: true))),
        new(Id(9), "campaignFunnel", "Campaign members by stage reached", "营销活动成员到达的阶段",
            new("campaignMembers", [Row("status")], Measures: [Count], Sort: new(0, Descending: true),
                Filters: [new("status", FilterOp.In, Values: ["sent", "delivered", "opened", "clicked", "responded", "converted"])])),
        new(Id(10), "customersByTier", "Customers by value tier", "按价值等级的客户",
            new("customers", [Row("tier")], Measures: [Count])),
        new(Id(11), "leadsBySourcePerMonth", "New leads by source per month", "每月按来源的新线索",
            new("leads", [Row("createdAt", TimeBucket.Month)], Column: Row("leadSource"), Measures: [Count])),
    ];

    public static Standard? Find(Guid id) => All.FirstOrDefault(s => s.Id == id);
}
