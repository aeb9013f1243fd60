using Rapport.Core.Customers;

namespace Rapport.Core.Imports;

/// <summary>The interaction fields a file's columns can map to, the English and Chinese headers each is recognised
/// by, and the kinds and directions as both languages name them.</summary>
public static class InteractionImportFields
{
    public const string CustomerNumber = "customerNumber";
    public const string Customer = "customer";
    public const string Contact = "contact";
    public const string Kind = "kind";
    public const string Direction = "direction";
    public const string Subject = "subject";
    public const string Content = "content";
    public const string OccurredAt = "occurredAt";
    public const string Outcome = "outcome";

    public static readonly IReadOnlyList<(string Field, string[] Headers)> Synonyms =
    [
        (CustomerNumber, ["customernumber", "customerno", "customercode", "accountnumber", "客户编号", "客户代码", "客户编码"]),
        (Customer, ["customer", "customername", "company", "companyname", "account", "accountname", "客户名称", "客户", "公司", "公司名称", "企业名称", "单位名称"]),
        (Contact, ["contact", "contactname", "contactemail", "person", "联系人", "联系人姓名", "联系人邮箱", "姓名"]),
        (Kind, ["kind", "type", "interactiontype", "activitytype", "channel", "互动类型", "类型", "方式", "沟通方式", "跟进方式", "渠道"]),
        (Direction, ["direction", "inout", "方向", "呼入呼出"]),
        (Subject, ["subject", "title", "topic", "主题", "标题", "事由"]),
        (Content, ["content", "summary", "notes", "note", "description", "details", "内容", "摘要", "详情", "备注", "跟进内容", "沟通内容", "记录"]),
        (OccurredAt, ["occurredat", "date", "time", "datetime", "when", "activitydate", "发生时间", "时间", "日期", "跟进时间", "沟通时间", "互动时间"]),
        (Outcome, ["outcome", "result", "结果", "跟进结果", "沟通结果"]),
    ];

    /// <summary>Interactions have no natural key: every row is a new one (no match keys).</summary>
    public static readonly ImportFieldSet Set = new(Synonyms, new HashSet<string>(), Subject, [], []);

    public static readonly IReadOnlyDictionary<string, InteractionKind> KindSynonyms = new Dictionary<string, InteractionKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["电话"] = InteractionKind.Call, ["通话"] = InteractionKind.Call, ["来电"] = InteractionKind.Call, ["去电"] = InteractionKind.Call, ["phone"] = InteractionKind.Call, ["phone call"] = InteractionKind.Call,
        ["邮件"] = InteractionKind.Email, ["电子邮件"] = InteractionKind.Email, ["e-mail"] = InteractionKind.Email, ["mail"] = InteractionKind.Email,
        ["会议"] = InteractionKind.Meeting, ["开会"] = InteractionKind.Meeting, ["视频会议"] = InteractionKind.Meeting,
        ["拜访"] = InteractionKind.Visit, ["上门"] = InteractionKind.Visit, ["上门拜访"] = InteractionKind.Visit, ["面谈"] = InteractionKind.Visit,
        ["聊天"] = InteractionKind.Chat, ["微信"] = InteractionKind.Chat, ["企业微信"] = InteractionKind.Chat, ["qq"] = InteractionKind.Chat, ["wechat"] = InteractionKind.Chat, ["im"] = InteractionKind.Chat,
        ["社交媒体"] = InteractionKind.Social, ["微博"] = InteractionKind.Social, ["抖音"] = InteractionKind.Social,
        ["备注"] = InteractionKind.Note, ["笔记"] = InteractionKind.Note, ["记录"] = InteractionKind.Note,
        ["任务"] = InteractionKind.Task, ["待办"] = InteractionKind.Task, ["todo"] = InteractionKind.Task, ["to-do"] = InteractionKind.Task,
    };

    public static readonly IReadOnlyDictionary<string, Customers.Direction> DirectionSynonyms = new Dictionary<string, Customers.Direction>(StringComparer.OrdinalIgnoreCase)
    {
        ["呼入"] = Customers.Direction.Inbound, ["来电"] = Customers.Direction.Inbound, ["收到"] = Customers.Direction.Inbound, ["in"] = Customers.Direction.Inbound, ["incoming"] = Customers.Direction.Inbound,
        ["呼出"] = Customers.Direction.Outbound, ["去电"] = Customers.Direction.Outbound, ["发出"] = Customers.Direction.Outbound, ["out"] = Customers.Direction.Outbound, ["outgoing"] = Customers.Direction.Outbound,
        ["无"] = Customers.Direction.None,
    };
}
