using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Products as an import target on both databases: Chinese headers in a GBK file with prices into the price
/// list in effect, a row without a name in the errors file; update by SKU and undo (prices put back, a product changed
/// since left alone); a price file into the lists its rows name (one not yet in effect; unknown names and a currency
/// other than the list's are row errors); create mode refuses a SKU already taken per row; and the product API's permission.</summary>
public abstract class ProductImportTests(RapportApp app)
{
    private const string ProductsUrl = "/api/v1/products";

    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    private static async Task<List<ProductDto>> ProductsAsync(HttpClient client, string tag) =>
        [.. (await client.GetFromJsonAsync<List<ProductDto>>($"{ProductsUrl}?q={tag}&includeInactive=true", Json.Options, Ct))!.OrderBy(p => p.Sku, StringComparer.Ordinal)];

    private static Task<PriceListDto> PriceListAsync(HttpClient client, string currency, params PriceListItemInput[] items) =>
        client.PostCreatedAsync<PriceListDto>("/api/v1/price-lists", new PriceListInput("Import " + Unique(), currency, new DateOnly(2020, 1, 1), null, items));

    [Fact]
    public async Task A_GBK_file_with_Chinese_headers_imports_products_with_their_prices_and_a_row_without_a_name_is_in_the_errors_file()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        // A currency no other test prices in (each test class has a database of its own): the list is the one in effect for it.
        const string currency = "XIA";
        var list = await PriceListAsync(admin, currency);
        var csv = "产品编号,产品名称,单价,币种,类别,启用\r\n"
            + Row($"GW-{tag}", "网关", "￥3000.50", currency, "硬件", "是")
            + Row($"CB-{tag}", "线缆", "12", currency, "配件", "停用")
            + Row($"XX-{tag}", "", "5", currency, "", "");
        var preview = await admin.UploadAsync(ImportFile.Gb18030.GetBytes(csv), "products.csv", ImportService.Products);

        Assert.Equal(["sku", "name", "unitPrice", "currency", "category", "active"], preview.Run.Mapping.Columns);
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 2, 1), (run.Status, run.Created, run.Failed));
        var products = await ProductsAsync(admin, tag);
        Assert.Equal([($"CB-{tag}", "线缆", "配件", false), ($"GW-{tag}", "网关", "硬件", true)], products.Select(p => (p.Sku, p.Name, p.Category, p.Active)));
        var prices = await admin.GetFromJsonAsync<PriceListDto>($"/api/v1/price-lists/{list.Id}", Json.Options, Ct);
        Assert.Equal([(products[0].Id, 12m), (products[1].Id, 3000.50m)],
            prices!.Items.OrderBy(i => i.UnitPrice).Select(i => (i.ProductId, i.UnitPrice)));
        var response = await admin.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"4,XX-{tag},,5,{currency},,,name: This field is required.", lines[1]);
    }

    [Fact]
    public async Task Update_by_SKU_changes_products_and_prices_and_undo_puts_them_back_but_leaves_a_product_changed_since()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        const string currency = "XIB";
        var priced = await admin.PostCreatedAsync<ProductDto>(ProductsUrl, new ProductInput($"A-{tag}", "Old name", "pcs", "Old"));
        var other = await admin.PostCreatedAsync<ProductDto>(ProductsUrl, new ProductInput($"B-{tag}", "Cable", "m"));
        var list = await PriceListAsync(admin, currency, new PriceListItemInput(priced.Id, 100m));
        var csv = "SKU,Product Name,Price,Currency,Category\n"
            + Row(priced.Sku, "New name", "150", currency, "")
            + Row(other.Sku, "", "", "", "Cables")
            + Row($"C-{tag}", "Brand new", "7.5", currency, "");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "products.csv", ImportService.Products);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 2, 0), (run.Created, run.Updated, run.Failed));
        var products = await ProductsAsync(admin, tag);
        Assert.Equal([("New name", "Old"), ("Cable", "Cables"), ("Brand new", null)], products.Select(p => (p.Name, p.Category)));
        var prices = (await admin.GetFromJsonAsync<PriceListDto>($"/api/v1/price-lists/{list.Id}", Json.Options, Ct))!.Items.ToDictionary(i => i.ProductId, i => i.UnitPrice);
        Assert.Equal((150m, 7.5m, 2), (prices[priced.Id], prices[products[2].Id], prices.Count));
        await (await admin.PutJsonAsync($"{ProductsUrl}/{other.Id}", new ProductInput(other.Sku, "Cable", "m", "Wires"))).ShouldBeAsync(HttpStatusCode.OK);
        // Price work done since, in a list the import did not write: the undo leaves it alone.
        var later = await PriceListAsync(admin, "XIC", new PriceListItemInput(priced.Id, 120m));

        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();

        Assert.Equal((1, 1), (undo.Removed, undo.Restored));
        Assert.Equal([(other.Id, "Import.ChangedSince")], undo.Refused.Select(r => (r.RecordId, r.Code)));
        var after = await ProductsAsync(admin, tag);
        Assert.Equal([(priced.Id, "Old name", "Old"), (other.Id, "Cable", "Wires")], after.Select(p => (p.Id, p.Name, p.Category)));
        var restored = (await admin.GetFromJsonAsync<PriceListDto>($"/api/v1/price-lists/{list.Id}", Json.Options, Ct))!.Items;
        Assert.Equal([(priced.Id, 100m)], restored.Select(i => (i.ProductId, i.UnitPrice)));
        var kept = (await admin.GetFromJsonAsync<PriceListDto>($"/api/v1/price-lists/{later.Id}", Json.Options, Ct))!.Items;
        Assert.Equal([(priced.Id, 120m)], kept.Select(i => (i.ProductId, i.UnitPrice)));
    }

    [Fact]
    public async Task A_price_file_fills_the_price_list_each_row_names_even_one_not_yet_in_effect_and_undo_takes_the_prices_back()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        const string currency = "XID";
        var product = await admin.PostCreatedAsync<ProductDto>(ProductsUrl, new ProductInput($"P-{tag}", "Router"));
        var current = await PriceListAsync(admin, currency, new PriceListItemInput(product.Id, 100m));
        var next = await admin.PostCreatedAsync<PriceListDto>("/api/v1/price-lists",
            new PriceListInput($"Next year {tag}", currency, new DateOnly(2099, 1, 1), null, []));
        var other = await admin.PostCreatedAsync<PriceListDto>("/api/v1/price-lists",
            new PriceListInput($"Other {tag}", "XIE", new DateOnly(2020, 1, 1), null, []));
        // The list by name in any case; its currency when the row gives none.
        var csv = "产品编号,产品名称,单价,币种,价目表\r\n"
            + Row(product.Sku, "Router", "130", "", next.Name.ToUpperInvariant())
            + Row($"N-{tag}", "Switch", "9.5", currency, next.Name)
            + Row($"U-{tag}", "Unknown list", "5", currency, "No such list " + tag)
            + Row($"M-{tag}", "Wrong currency", "5", currency, other.Name);
        var preview = await admin.UploadAsync(ImportFile.Gb18030.GetBytes(csv), "prices.csv", ImportService.Products);
        Assert.Equal(["sku", "name", "unitPrice", "currency", "priceList"], preview.Run.Mapping.Columns);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 1, 2), (run.Created, run.Updated, run.Failed));
        var created = Assert.Single(await ProductsAsync(admin, $"N-{tag}"));
        async Task<IEnumerable<(Guid, decimal)>> ItemsAsync(PriceListDto list) =>
            (await admin.GetFromJsonAsync<PriceListDto>($"/api/v1/price-lists/{list.Id}", Json.Options, Ct))!.Items
                .OrderBy(i => i.UnitPrice).Select(i => (i.ProductId, i.UnitPrice));
        Assert.Equal([(created.Id, 9.5m), (product.Id, 130m)], await ItemsAsync(next));
        Assert.Equal([(product.Id, 100m)], await ItemsAsync(current));
        Assert.Empty(await ItemsAsync(other));
        var errors = (await (await admin.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct)).Content.ReadAsStringAsync(Ct))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",\"priceList: No price list has this name, or several do (in this currency); give the name of one list.\"", errors[1], StringComparison.Ordinal);
        Assert.EndsWith(",currency: This price list is in XIE; give its prices in XIE or leave the currency empty.", errors[2], StringComparison.Ordinal);

        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();

        Assert.Equal((1, 1), (undo.Removed, undo.Restored));
        Assert.Empty(await ItemsAsync(next));
        Assert.Equal([(product.Id, 100m)], await ItemsAsync(current));
    }

    [Fact]
    public async Task Create_mode_rejects_a_row_whose_SKU_is_taken_and_importing_products_needs_products_manage()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var existing = await admin.PostCreatedAsync<ProductDto>(ProductsUrl, new ProductInput($"T-{tag}", "Taken"));
        var csv = "SKU,Name\n" + Row(existing.Sku, "Again") + Row($"N-{tag}", "New") + Row($"N-{tag}", "New twice");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "products.csv", ImportService.Products);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Create });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((ImportStatus.Completed, 1, 2), (run.Status, run.Created, run.Failed));
        Assert.Equal([("New", $"N-{tag}"), ("Taken", existing.Sku)], (await ProductsAsync(admin, tag)).Select(p => (p.Name, p.Sku)));
        var errors = await (await admin.GetAsync($"{ImportApi.Url}/{run.Id}/errors", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Equal(2, errors.Split("sku: Another product already has this SKU.").Length - 1);

        var role = await admin.PostCreatedAsync<RoleDto>("/api/v1/roles", new RoleInput("Catalogue readers " + tag, null, false,
            [Permissions.ImportsRun, Permissions.ProductsRead], new Dictionary<string, RecordScope> { [ScopedEntities.Customers] = RecordScope.Own }));
        var (rep, _) = await app.NewUserAsync(role.Name);
        var upload = (await rep.UploadAsync(Encoding.UTF8.GetBytes($"SKU,Name\nR-{tag},Rep\n"), "products.csv", ImportService.Products)).Run.Id;
        await (await rep.PostAsync($"{ImportApi.Url}/{upload}/dry-run", null, Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class ProductImportsOnSqlite(SqliteApp app) : ProductImportTests(app), IClassFixture<SqliteApp>;

public sealed class ProductImportsOnPostgres(PostgresApp app) : ProductImportTests(app), IClassFixture<PostgresApp>;
