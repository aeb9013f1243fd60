using Rapport.Core.Leads;

namespace Rapport.Core.Imports;

/// <summary>The lead fields a file's columns can map to, the English and Chinese headers each is recognised by, and
/// the lead sources and statuses as both languages name them.</summary>
public static class LeadImportFields
{
    public const string Name = "name";
    public const string Company = "company";
    public const string Title = "title";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Source = "source";
    public const string Industry = "industry";
    public const string Region = "region";
    public const string Country = "country";
    public const string City = "city";
    public const string Status = "status";
    public const string Owner = "owner";
    public const string Notes = "notes";

    public static readonly IReadOnlyList<(string Field, string[] Headers)> Synonyms =
    [
        (Name, ["name", "fullname", "contact", "contactname", "leadname", "person", "姓名", "联系人", "联系人姓名", "名字", "线索名称"]),
        (Company, ["company", "companyname", "organisation", "organization", "account", "accountname", "公司", "公司名称", "单位", "企业名称", "单位名称", "客户名称"]),
        (Title, ["title", "jobtitle", "position", "role", "职位", "职务", "头衔"]),
        (Email, ["email", "e-mail", "mail", "emailaddress", "邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址"]),
        (Phone, ["phone", "mobile", "tel", "telephone", "phonenumber", "mobilephone", "手机", "电话", "手机号", "手机号码", "电话号码", "联系电话"]),
        (Source, ["source", "leadsource", "channel", "来源", "线索来源", "渠道", "来源渠道"]),
        (Industry, ["industry", "sector", "行业", "所属行业"]),
        (Region, ["region", "territory", "area", "salesregion", "区域", "地区", "销售区域"]),
        (Country, ["country", "国家", "国家/地区", "国家地区"]),
        (City, ["city", "town", "城市", "市"]),
        (Status, ["status", "leadstatus", "stage", "状态", "线索状态", "阶段"]),
        (Owner, ["owner", "leadowner", "salesrep", "assignedto", "负责人", "销售负责人", "跟进人", "所有人", "归属人"]),
        (Notes, ["notes", "note", "remarks", "comment", "comments", "description", "备注", "说明", "描述"]),
    ];

    public static readonly ImportFieldSet Set = new(Synonyms, new HashSet<string>(), Name, ["email", "phone"], ["email", "phone"]);

    /// <summary>The built-in lead sources (the names <see cref="LeadScoring"/> gives points to) as people write them in
    /// either language; another source is kept as written.</summary>
    public static readonly IReadOnlyDictionary<string, string> SourceSynonyms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["referral"] = "Referral", ["推荐"] = "Referral", ["转介绍"] = "Referral", ["客户推荐"] = "Referral", ["介绍"] = "Referral", ["word of mouth"] = "Referral",
        ["partner"] = "Partner", ["合作伙伴"] = "Partner", ["渠道伙伴"] = "Partner", ["代理商"] = "Partner", ["reseller"] = "Partner",
        ["event"] = "Event", ["展会"] = "Event", ["活动"] = "Event", ["会议"] = "Event", ["trade show"] = "Event", ["exhibition"] = "Event", ["webinar"] = "Event",
        ["website"] = "Website", ["官网"] = "Website", ["网站"] = "Website", ["官方网站"] = "Website", ["web"] = "Website", ["web form"] = "Website",
        ["advertisement"] = "Advertisement", ["广告"] = "Advertisement", ["推广"] = "Advertisement", ["ad"] = "Advertisement", ["ads"] = "Advertisement",
        ["cold call"] = "Cold call", ["陌拜"] = "Cold call", ["陌生拜访"] = "Cold call", ["电话陌拜"] = "Cold call", ["陌生电话"] = "Cold call", ["cold calling"] = "Cold call",
    };

    public static readonly IReadOnlyDictionary<string, LeadStatus> StatusSynonyms = new Dictionary<string, LeadStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["新建"] = LeadStatus.New, ["新"] = LeadStatus.New, ["新线索"] = LeadStatus.New, ["open"] = LeadStatus.New,
        ["已联系"] = LeadStatus.Contacted, ["联系中"] = LeadStatus.Contacted, ["跟进中"] = LeadStatus.Contacted, ["working"] = LeadStatus.Contacted,
        ["已确认"] = LeadStatus.Qualified, ["合格"] = LeadStatus.Qualified, ["有效"] = LeadStatus.Qualified,
        ["已转化"] = LeadStatus.Converted, ["无效"] = LeadStatus.Disqualified, ["不合格"] = LeadStatus.Disqualified,
    };
}
