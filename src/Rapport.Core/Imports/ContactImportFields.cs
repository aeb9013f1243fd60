namespace Rapport.Core.Imports;

/// <summary>The contact fields a file's columns can map to, with the English and Chinese headers each is recognised by.
/// A contact belongs to a company customer, named by its number or its exact name.</summary>
public static class ContactImportFields
{
    public const string Name = "name";
    public const string Title = "title";
    public const string Department = "department";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string CustomerNumber = "customerNumber";
    public const string Customer = "customer";
    public const string IsPrimary = "isPrimary";

    public static readonly IReadOnlyList<(string Field, string[] Headers)> Synonyms =
    [
        (Name, ["name", "contact", "contactname", "fullname", "person", "姓名", "联系人", "联系人姓名", "名字"]),
        (Title, ["title", "jobtitle", "position", "role", "职位", "职务", "头衔"]),
        (Department, ["department", "dept", "部门", "所属部门"]),
        (Phone, ["phone", "phones", "mobile", "tel", "telephone", "phonenumber", "mobilephone", "手机", "电话", "手机号", "手机号码", "电话号码", "联系电话", "座机"]),
        (Email, ["email", "emails", "e-mail", "mail", "emailaddress", "邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址"]),
        (CustomerNumber, ["customernumber", "customerno", "customercode", "accountnumber", "客户编号", "客户代码", "客户编码"]),
        (Customer, ["customer", "customername", "company", "companyname", "account", "accountname", "客户名称", "公司名称", "公司/客户名称", "客户", "公司", "企业名称", "单位名称"]),
        (IsPrimary, ["primary", "isprimary", "primarycontact", "主要联系人", "首要联系人", "是否主要联系人"]),
    ];

    public static readonly ImportFieldSet Set = new(Synonyms, new HashSet<string> { Phone, Email }, Name, ["email", "phone"], ["email", "phone"]);

    /// <summary>Yes and no as spreadsheets write them.</summary>
    public static readonly IReadOnlyDictionary<string, bool> YesNo = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["yes"] = true, ["y"] = true, ["true"] = true, ["1"] = true, ["x"] = true, ["是"] = true, ["主要"] = true,
        ["no"] = false, ["n"] = false, ["false"] = false, ["0"] = false, ["否"] = false,
    };
}
