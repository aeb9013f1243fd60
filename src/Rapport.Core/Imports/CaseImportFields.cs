using Rapport.Core.ServiceDesk;

namespace Rapport.Core.Imports;

/// <summary>The case fields a file's columns can map to, the English and Chinese headers each is recognised by, and the
/// types, channels, priorities and statuses as both languages name them. A case belongs to a customer (by number or
/// exact name); a row matches the case of the same number.</summary>
public static class CaseImportFields
{
    public const string Number = "number";
    public const string Subject = "subject";
    public const string Description = "description";
    public const string CustomerNumber = "customerNumber";
    public const string Customer = "customer";
    public const string Contact = "contact";
    public const string Type = "type";
    public const string Channel = "channel";
    public const string Priority = "priority";
    public const string Status = "status";
    public const string Category = "category";
    public const string Owner = "owner";
    public const string Tags = "tags";
    public const string Note = "note";

    public static readonly IReadOnlyList<(string Field, string[] Headers)> Synonyms =
    [
        (Number, ["number", "caseno", "casenumber", "caseid", "ticket", "ticketno", "ticketnumber", "ticketid", "工单号", "工单编号", "编号", "单号", "案例编号"]),
        (Subject, ["subject", "title", "summary", "casesubject", "ticketsubject", "issue", "工单主题", "主题", "标题", "问题", "工单标题"]),
        (Description, ["description", "details", "content", "body", "problem", "问题描述", "描述", "详情", "内容", "详细描述"]),
        (CustomerNumber, ["customernumber", "customerno", "customercode", "accountnumber", "客户编号", "客户代码", "客户编码"]),
        (Customer, ["customer", "customername", "company", "companyname", "account", "accountname", "客户名称", "客户", "公司", "公司名称", "企业名称", "单位名称"]),
        (Contact, ["contact", "contactname", "contactemail", "requester", "reporter", "联系人", "联系人姓名", "联系人邮箱", "报告人", "提交人"]),
        (Type, ["type", "casetype", "tickettype", "类型", "工单类型", "问题类型"]),
        (Channel, ["channel", "source", "origin", "via", "渠道", "来源", "受理渠道", "来源渠道"]),
        (Priority, ["priority", "severity", "urgency", "优先级", "紧急程度", "紧急度", "级别"]),
        (Status, ["status", "state", "casestatus", "ticketstatus", "状态", "工单状态", "处理状态"]),
        (Category, ["category", "casecategory", "分类", "工单分类", "问题分类", "类别"]),
        (Owner, ["owner", "assignee", "assignedto", "agent", "负责人", "处理人", "受理人", "跟进人", "客服"]),
        (Tags, ["tags", "tag", "labels", "label", "标签"]),
        (Note, ["resolution", "resolutionnote", "solution", "解决方案", "处理结果", "解决说明"]),
    ];

    /// <summary>Cases are matched by their number (unique across the desk).</summary>
    public static readonly ImportFieldSet Set = new(Synonyms, new HashSet<string> { Tags }, Subject, ["number"], ["number"]);

    public static readonly IReadOnlyDictionary<string, CaseType> TypeSynonyms = new Dictionary<string, CaseType>(StringComparer.OrdinalIgnoreCase)
    {
        ["咨询"] = CaseType.Inquiry, ["问询"] = CaseType.Inquiry, ["question"] = CaseType.Inquiry,
        ["投诉"] = CaseType.Complaint, ["抱怨"] = CaseType.Complaint,
        ["请求"] = CaseType.Request, ["服务请求"] = CaseType.Request, ["需求"] = CaseType.Request, ["申请"] = CaseType.Request,
        ["故障"] = CaseType.Incident, ["事件"] = CaseType.Incident, ["事故"] = CaseType.Incident, ["问题"] = CaseType.Incident, ["problem"] = CaseType.Incident,
    };

    public static readonly IReadOnlyDictionary<string, CaseChannel> ChannelSynonyms = new Dictionary<string, CaseChannel>(StringComparer.OrdinalIgnoreCase)
    {
        ["电话"] = CaseChannel.Phone, ["来电"] = CaseChannel.Phone, ["热线"] = CaseChannel.Phone, ["call"] = CaseChannel.Phone,
        ["邮件"] = CaseChannel.Email, ["电子邮件"] = CaseChannel.Email, ["邮箱"] = CaseChannel.Email, ["e-mail"] = CaseChannel.Email, ["mail"] = CaseChannel.Email,
        ["网页表单"] = CaseChannel.WebForm, ["表单"] = CaseChannel.WebForm, ["网站"] = CaseChannel.WebForm, ["web"] = CaseChannel.WebForm, ["form"] = CaseChannel.WebForm, ["web form"] = CaseChannel.WebForm,
        ["门户"] = CaseChannel.Portal, ["客户门户"] = CaseChannel.Portal, ["自助门户"] = CaseChannel.Portal,
        ["聊天"] = CaseChannel.Chat, ["在线客服"] = CaseChannel.Chat, ["在线聊天"] = CaseChannel.Chat, ["微信"] = CaseChannel.Chat, ["wechat"] = CaseChannel.Chat,
        ["接口"] = CaseChannel.Api,
    };

    public static readonly IReadOnlyDictionary<string, CasePriority> PrioritySynonyms = new Dictionary<string, CasePriority>(StringComparer.OrdinalIgnoreCase)
    {
        ["低"] = CasePriority.Low, ["一般"] = CasePriority.Normal, ["普通"] = CasePriority.Normal, ["中"] = CasePriority.Normal, ["medium"] = CasePriority.Normal,
        ["高"] = CasePriority.High, ["紧急"] = CasePriority.Urgent, ["加急"] = CasePriority.Urgent, ["critical"] = CasePriority.Urgent,
    };

    public static readonly IReadOnlyDictionary<string, CaseStatus> StatusSynonyms = new Dictionary<string, CaseStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["新建"] = CaseStatus.New, ["新"] = CaseStatus.New, ["待处理"] = CaseStatus.New,
        ["处理中"] = CaseStatus.Open, ["进行中"] = CaseStatus.Open, ["已受理"] = CaseStatus.Open, ["打开"] = CaseStatus.Open, ["in progress"] = CaseStatus.Open,
        ["等待客户"] = CaseStatus.PendingCustomer, ["待客户回复"] = CaseStatus.PendingCustomer, ["pending"] = CaseStatus.PendingCustomer, ["waiting"] = CaseStatus.PendingCustomer,
        ["已解决"] = CaseStatus.Resolved, ["solved"] = CaseStatus.Resolved,
        ["已关闭"] = CaseStatus.Closed, ["关闭"] = CaseStatus.Closed, ["结案"] = CaseStatus.Closed,
    };
}
