using Rapport.Core.Sales;

namespace Rapport.Server.Cli.Demo;

/// <summary>The seller's company profile (what every quote and invoice prints at the top), products with bilingual
/// names and price lists in CNY and USD (and a CNY price rise three months ago), kept by the administrator.</summary>
internal sealed class DemoCatalogue : IDemoPart
{
    private static readonly (string Sku, string Name, string Unit, string Category, decimal Cny, decimal? Usd, int Min, int Max, decimal Vat)[] Items =
    [
        ("RC-PRO-Y", "CRM Professional seat, annual · CRM 专业版席位（年）", "seat 席", "Software 软件", 1800m, 260m, 10, 120, 6m),
        ("RC-ENT-Y", "CRM Enterprise seat, annual · CRM 企业版席位（年）", "seat 席", "Software 软件", 3600m, 520m, 20, 300, 6m),
        ("RC-IMPL", "Implementation service · 实施服务", "day 人天", "Services 服务", 2500m, 400m, 5, 40, 6m),
        ("RC-TRAIN", "On-site training · 现场培训", "day 天", "Services 服务", 4000m, 600m, 1, 5, 6m),
        ("RC-SUP-PREM", "Premium support, annual · 高级支持（年）", "year 年", "Support 支持", 20000m, 3000m, 1, 1, 6m),
        ("RC-ERP-INT", "ERP integration package · ERP 集成套件", "set 套", "Services 服务", 35000m, 5200m, 1, 1, 6m),
        ("RC-MIGRATE", "Data migration · 数据迁移", "set 套", "Services 服务", 8000m, 1200m, 1, 1, 6m),
        ("HW-SCAN", "Barcode scanner · 条码扫描枪", "pc 台", "Hardware 硬件", 680m, 99m, 5, 50, 13m),
        ("HW-TABLET", "Field sales tablet · 外勤平板电脑", "pc 台", "Hardware 硬件", 3299m, 479m, 5, 60, 13m),
        ("RC-SMS-10K", "SMS bundle, 10,000 messages · 短信包（1 万条）", "pack 包", "Add-ons 增值服务", 450m, null, 1, 20, 6m),
    ];

    /// <summary>A believable seller in both languages (the tax id has the 18 characters of a unified social credit code).</summary>
    internal static readonly Rapport.Core.Settings.CompanyProfile Seller = new(
        "星辰软件（上海）有限公司 Xingchen Software (Shanghai) Co., Ltd.",
        "上海市浦东新区张江路 88 号 3 楼\n3F, 88 Zhangjiang Road, Pudong, Shanghai 201203",
        "91310115MA1H7XQ25K", "+86 21 5080 1234", "sales@xingchen.example.com", "https://xingchen.example.com",
        "招商银行上海张江支行 China Merchants Bank, Zhangjiang Sub-branch", "1219 0888 8810 001", "CMBCCNBS");

    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        world.At(world.DaysAgo(364));
        var admin = await world.AsAsync(world.People.Admin, ct);
        await admin.Get<Rapport.Core.Settings.CompanyService>().SaveAsync(Seller, ct);
        var products = admin.Get<ProductService>();
        foreach (var item in Items)
        {
            var p = await products.CreateAsync(new ProductInput(item.Sku, item.Name, item.Unit, item.Category), ct);
            world.Products.Add(new DemoProduct(p.Id, item.Cny, item.Usd, item.Min, item.Max, item.Vat));
        }
        var start = DateOnly.FromDateTime(world.DaysAgo(364));
        await products.CreatePriceListAsync(new PriceListInput("标准价目表 Standard (CNY)", "CNY", start, null,
            world.Products.Select(p => new PriceListItemInput(p.Id, p.Cny)).ToList()), ct);
        await products.CreatePriceListAsync(new PriceListInput("International list (USD) 国际价目表", "USD", start, null,
            world.Products.Where(p => p.Usd is not null).Select(p => new PriceListItemInput(p.Id, p.Usd!.Value)).ToList()), ct);

        // Licences went up 5 % three months ago: quotes since then are priced from the newer list.
        var rise = world.At(world.DaysAgo(90));
        await products.CreatePriceListAsync(new PriceListInput("标准价目表 Standard (CNY) 2", "CNY", DateOnly.FromDateTime(rise), null,
            Items.Select((item, i) => new PriceListItemInput(world.Products[i].Id,
                item.Category.StartsWith("Software", StringComparison.Ordinal) ? Math.Round(item.Cny * 1.05m, 0) : item.Cny)).ToList()), ct);
        world.Count("products", Items.Length);
        world.Count("price lists", 3);
    }
}
