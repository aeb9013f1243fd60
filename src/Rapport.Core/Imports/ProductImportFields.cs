namespace Rapport.Core.Imports;

/// <summary>The product fields a file's columns can map to, with the English and Chinese headers each is recognised by.</summary>
public static class ProductImportFields
{
    public const string Sku = "sku";
    public const string Name = "name";
    public const string Unit = "unit";
    public const string Category = "category";
    public const string Active = "active";
    public const string UnitPrice = "unitPrice";
    public const string Currency = "currency";
    /// <summary>The price list the row's price goes into, by name (in effect or not: next year's list can be filled
    /// ahead); without it, the list of the row's currency in effect today.</summary>
    public const string PriceList = "priceList";

    public static readonly IReadOnlyList<(string Field, string[] Headers)> Synonyms =
    [
        (Sku, ["sku", "productcode", "productno", "productnumber", "itemcode", "itemno", "partnumber", "code", "产品编号", "产品编码", "产品代码", "商品编号", "商品编码", "物料编号", "物料编码", "货号", "编号"]),
        (Name, ["name", "product", "productname", "item", "itemname", "产品名称", "产品", "商品名称", "品名", "名称"]),
        (Unit, ["unit", "uom", "unitofmeasure", "单位", "计量单位"]),
        (Category, ["category", "productcategory", "group", "family", "类别", "分类", "产品类别", "产品分类", "品类"]),
        (Active, ["active", "enabled", "status", "onsale", "启用", "是否启用", "状态", "在售"]),
        (UnitPrice, ["unitprice", "price", "listprice", "单价", "价格", "售价", "标准价", "销售单价"]),
        (Currency, ["currency", "currencycode", "币种", "货币", "币别"]),
        (PriceList, ["pricelist", "pricelistname", "pricebook", "价目表", "价目表名称", "价格表", "价格清单"]),
    ];

    public static readonly ImportFieldSet Set = new(Synonyms, new HashSet<string>(), Name, ["sku"], ["sku"]);

    /// <summary>Active and inactive as spreadsheets write them.</summary>
    public static readonly IReadOnlyDictionary<string, bool> ActiveSynonyms = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["yes"] = true, ["y"] = true, ["true"] = true, ["1"] = true, ["active"] = true, ["是"] = true, ["启用"] = true, ["在售"] = true, ["有效"] = true,
        ["no"] = false, ["n"] = false, ["false"] = false, ["0"] = false, ["inactive"] = false, ["否"] = false, ["停用"] = false, ["停售"] = false, ["禁用"] = false, ["无效"] = false,
    };
}
