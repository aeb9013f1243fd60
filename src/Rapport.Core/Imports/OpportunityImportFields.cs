namespace Rapport.Core.Imports;

/// <summary>The deal fields a file's columns can map to, with the English and Chinese headers each is recognised by.
/// A deal belongs to a customer, named by its number or its exact name; pipeline and stage are named as the
/// administrator named them (in English or Chinese).</summary>
public static class OpportunityImportFields
{
    public const string Name = "name";
    public const string CustomerNumber = "customerNumber";
    public const string Customer = "customer";
    public const string Pipeline = "pipeline";
    public const string Stage = "stage";
    public const string Amount = "amount";
    public const string Currency = "currency";
    public const string ExpectedCloseDate = "expectedCloseDate";
    public const string Probability = "probability";
    public const string Owner = "owner";
    public const string NextStep = "nextStep";
    public const string Competitors = "competitors";
    public const string CloseReason = "closeReason";

    public static readonly IReadOnlyList<(string Field, string[] Headers)> Synonyms =
    [
        (Name, ["name", "deal", "dealname", "opportunity", "opportunityname", "title", "商机名称", "商机", "机会名称", "销售机会", "项目名称", "名称"]),
        (CustomerNumber, ["customernumber", "customerno", "customercode", "accountnumber", "客户编号", "客户代码", "客户编码"]),
        (Customer, ["customer", "customername", "company", "companyname", "account", "accountname", "客户名称", "客户", "公司", "公司名称", "企业名称", "单位名称"]),
        (Pipeline, ["pipeline", "salespipeline", "process", "销售流程", "流程", "管道", "销售管道"]),
        (Stage, ["stage", "dealstage", "salesstage", "status", "阶段", "商机阶段", "销售阶段", "状态"]),
        (Amount, ["amount", "value", "dealvalue", "dealamount", "revenue", "金额", "商机金额", "预计金额", "合同金额", "成交金额"]),
        (Currency, ["currency", "currencycode", "币种", "货币", "币别"]),
        (ExpectedCloseDate, ["expectedclosedate", "closedate", "expectedclose", "closingdate", "预计成交日期", "预计成交时间", "预计签单日期", "成交日期", "预计结束日期"]),
        (Probability, ["probability", "winprobability", "chance", "概率", "赢单率", "成交概率", "赢单概率", "可能性"]),
        (Owner, ["owner", "dealowner", "salesrep", "assignedto", "负责人", "销售负责人", "跟进人", "所有人", "归属人"]),
        (NextStep, ["nextstep", "next", "下一步", "下一步计划", "后续计划"]),
        (Competitors, ["competitors", "competitor", "competition", "竞争对手", "竞品"]),
        (CloseReason, ["closereason", "lostreason", "reason", "输单原因", "关闭原因", "丢单原因", "原因"]),
    ];

    /// <summary>Deals have no external id in the model: a row matches the deal of the same name of the same customer.</summary>
    public static readonly ImportFieldSet Set = new(Synonyms, new HashSet<string>(), Name, ["name"], ["name"]);
}
