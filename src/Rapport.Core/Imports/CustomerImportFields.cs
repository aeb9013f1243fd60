using Rapport.Core.Customers;

namespace Rapport.Core.Imports;

/// <summary>The customer fields a file's columns can map to, the English and Chinese headers each is recognised by,
/// and the synonyms of the customer enums in both languages.</summary>
public static class CustomerImportFields
{
    public const string Number = "number";
    public const string Name = "name";
    public const string Kind = "kind";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Im = "im";
    public const string Country = "country";
    public const string Region = "region";
    public const string City = "city";
    public const string Street = "street";
    public const string Postcode = "postcode";
    public const string Industry = "industry";
    public const string Source = "source";
    public const string Owner = "owner";
    public const string Tier = "tier";
    public const string Stage = "stage";
    public const string Tags = "tags";
    public const string Notes = "notes";
    public const string CreatedAt = "createdAt";

    /// <summary>Fields in the order the mapping step lists them, each with the headers that map to it by themselves
    /// (compared after <see cref="ImportValues.HeaderKey"/>).</summary>
    public static readonly IReadOnlyList<(string Field, string[] Headers)> Synonyms =
    [
        (Number, ["number", "customernumber", "customerno", "no", "id", "code", "customercode", "客户编号", "编号", "客户代码", "客户编码"]),
        (Name, ["name", "customer", "customername", "company", "companyname", "account", "accountname", "客户名称", "公司名称", "客户", "公司", "名称", "客户名", "企业名称", "单位名称"]),
        (Kind, ["kind", "type", "customertype", "客户类型", "类型", "客户类别"]),
        (Phone, ["phone", "phones", "mobile", "tel", "telephone", "phonenumber", "mobilephone", "手机", "电话", "手机号", "手机号码", "电话号码", "联系电话", "座机"]),
        (Email, ["email", "emails", "e-mail", "mail", "emailaddress", "邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址"]),
        (Im, ["im", "wechat", "weixin", "qq", "微信", "微信号"]),
        (Country, ["country", "国家", "国家/地区", "国家地区"]),
        (Region, ["region", "state", "province", "省", "省份", "地区", "省/自治区"]),
        (City, ["city", "town", "城市", "市"]),
        (Street, ["address", "street", "streetaddress", "地址", "详细地址", "街道", "街道地址", "通讯地址"]),
        (Postcode, ["postcode", "zip", "zipcode", "postalcode", "邮编", "邮政编码"]),
        (Industry, ["industry", "sector", "行业", "所属行业"]),
        (Source, ["source", "leadsource", "来源", "客户来源"]),
        (Owner, ["owner", "accountowner", "salesrep", "assignedto", "负责人", "销售负责人", "所有人", "归属人", "跟进人"]),
        (Tier, ["tier", "value", "valuetier", "level", "grade", "客户等级", "等级", "客户级别", "价值等级"]),
        (Stage, ["stage", "lifecycle", "lifecyclestage", "status", "生命周期", "阶段", "客户阶段", "状态"]),
        (Tags, ["tags", "tag", "labels", "标签"]),
        (Notes, ["notes", "note", "remarks", "comment", "comments", "description", "备注", "说明", "描述"]),
        (CreatedAt, ["createdat", "created", "createdon", "createddate", "创建时间", "创建日期", "录入时间"]),
    ];

    public static IReadOnlyList<string> All { get; } = [.. Synonyms.Select(s => s.Field)];

    /// <summary>Fields that take several values (several columns may map to them, a cell may list several).</summary>
    public static readonly IReadOnlySet<string> Lists = new HashSet<string> { Phone, Email, Im, Tags };

    /// <summary>The customer target's fields for the import run (name required; matched by number, email, phone, name).</summary>
    public static readonly ImportFieldSet Set = new(Synonyms, Lists, Name, ImportMapping.MatchKeys, ["number", "email", "phone"]);

    /// <summary>The field each header maps to by itself (null: not recognised). A scalar field taken by an earlier
    /// column is not given to a later one.</summary>
    public static List<string?> AutoMap(IReadOnlyList<string> headers) => Set.AutoMap(headers);

    public static readonly IReadOnlyDictionary<string, CustomerKind> KindSynonyms = new Dictionary<string, CustomerKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["公司"] = CustomerKind.Company, ["企业"] = CustomerKind.Company, ["单位"] = CustomerKind.Company, ["business"] = CustomerKind.Company,
        ["organisation"] = CustomerKind.Company, ["organization"] = CustomerKind.Company, ["b2b"] = CustomerKind.Company,
        ["个人"] = CustomerKind.Individual, ["person"] = CustomerKind.Individual, ["b2c"] = CustomerKind.Individual, ["consumer"] = CustomerKind.Individual,
    };

    public static readonly IReadOnlyDictionary<string, ValueTier> TierSynonyms = new Dictionary<string, ValueTier>(StringComparer.OrdinalIgnoreCase)
    {
        ["高"] = ValueTier.High, ["高价值"] = ValueTier.High, ["重要"] = ValueTier.High, ["a"] = ValueTier.High, ["vip"] = ValueTier.High,
        ["中"] = ValueTier.Medium, ["中等"] = ValueTier.Medium, ["普通"] = ValueTier.Medium, ["b"] = ValueTier.Medium, ["normal"] = ValueTier.Medium,
        ["低"] = ValueTier.Low, ["低价值"] = ValueTier.Low, ["c"] = ValueTier.Low,
    };

    public static readonly IReadOnlyDictionary<string, LifecycleStage> StageSynonyms = new Dictionary<string, LifecycleStage>(StringComparer.OrdinalIgnoreCase)
    {
        ["新"] = LifecycleStage.New, ["新客户"] = LifecycleStage.New, ["潜在"] = LifecycleStage.New, ["prospect"] = LifecycleStage.New,
        ["成长"] = LifecycleStage.Growing, ["成长期"] = LifecycleStage.Growing, ["active"] = LifecycleStage.Growing,
        ["成熟"] = LifecycleStage.Mature, ["成熟期"] = LifecycleStage.Mature,
        ["衰退"] = LifecycleStage.Declining, ["衰退期"] = LifecycleStage.Declining,
        ["流失"] = LifecycleStage.Churned, ["已流失"] = LifecycleStage.Churned, ["lost"] = LifecycleStage.Churned,
    };
}
