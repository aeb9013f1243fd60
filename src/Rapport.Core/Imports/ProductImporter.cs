using Rapport.Core.Sales;
using F = Rapport.Core.Imports.ProductImportFields;

namespace Rapport.Core.Imports;

/// <summary>File rows as catalogue products: matched by SKU, checked by <see cref="ProductService"/>'s own rules (its
/// <c>Check</c>/<c>Apply</c>; a SKU another product has is a per-row error when creating), the unit price set in the
/// price list the row names (any list, by name, in its currency) or else in the list of its currency that is in effect
/// today (the one quotes read; none: a per-row error). So a price file fills a price list: next year's before it
/// starts, or a second list in the same currency. Undo removes created products with their prices and puts back
/// updated ones with theirs.</summary>
public sealed class ProductImporter(RapportDbContext db, ICurrentUser user, SettingsService settings, TimeProvider clock)
    : RecordImporter<Product, ProductImporter.Row>(user)
{
    private const string ListsKey = "\0lists";
    private const string CurrencyKey = "\0currency";
    private const string TakenKey = "\0taken";
    private const string PlannedKey = "\0planned";
    private const string NamedKey = "\0named";

    /// <summary>The prices of products the batch creates, inserted with them.</summary>
    private readonly Dictionary<Guid, List<PriceListItem>> _newPrices = [];

    /// <summary>A row read through the mapping: the request the product API would get, its price, and whether the run
    /// creates rows that match (then a SKU already taken is the row's error).</summary>
    public sealed record Row(ProductInput Input, bool ActiveGiven, decimal? UnitPrice, string? Currency, string? PriceList, bool CreateMode, List<FieldError> Errors);

    /// <summary>A price list as a row names it: its id and currency.</summary>
    private sealed record NamedList(Guid Id, string Currency);

    public override string Entity => ImportService.Products;
    protected override RapportDbContext Db => db;
    public override ImportFieldSet Fields => F.Set;

    /// <summary>As the product API: the catalogue is kept by holders of <c>products.manage</c>.</summary>
    public override void RequirePermissions(ImportMatchMode mode) => User.Require(Permissions.ProductsManage);

    protected override Row Read(string[] cells, ImportMapping mapping)
    {
        var (scalars, _, errors) = F.Set.Read(cells, mapping.Columns);
        string? S(string f) => scalars.GetValueOrDefault(f);
        bool? active = null;
        if (S(F.Active) is { } a)
        {
            if (F.ActiveSynonyms.TryGetValue(a, out var yes)) active = yes;
            else errors.Add(new(F.Active, "Validation.Enum"));
        }
        if (!ImportValues.TryAmount(S(F.UnitPrice), out var price)) errors.Add(new(F.UnitPrice, "Import.Amount"));
        var input = new ProductInput(S(F.Sku), S(F.Name), S(F.Unit), S(F.Category), active ?? true);
        return new Row(input, active is not null, price, ImportValues.CurrencyOf(S(F.Currency)), S(F.PriceList),
            mapping.Mode == ImportMatchMode.Create, errors);
    }

    protected override IReadOnlyList<FieldError> ReadErrors(Row row) => row.Errors;

    /// <summary>The price lists in effect today (the latest per currency) and the default currency, once per run; the
    /// SKUs of the batch that products already have, when the run creates rows that match.</summary>
    protected override async Task LookUpAsync(IReadOnlyList<Row> rows, ImportMemory memory, CancellationToken ct)
    {
        var known = ((Memory)memory).Lookups;
        if (!known.ContainsKey(CurrencyKey)) known[CurrencyKey] = (await settings.GetAsync<SalesSettings>(ct)).DefaultCurrency;
        if (!known.ContainsKey(ListsKey))
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var lists = await db.PriceLists.AsNoTracking().Where(l => l.ValidFrom <= today && (l.ValidTo == null || l.ValidTo >= today))
                .Select(l => new { l.Id, l.Currency, l.ValidFrom }).ToListAsync(ct);
            known[ListsKey] = lists.GroupBy(l => l.Currency).ToDictionary(g => g.Key, g => g.MaxBy(l => l.ValidFrom)!.Id);
            // Every list by its name (a handful: price lists are few), ignoring case; names are not unique.
            var all = await db.PriceLists.AsNoTracking().Select(l => new { l.Id, l.Name, l.Currency }).ToListAsync(ct);
            known[NamedKey] = all.GroupBy(l => l.Name.Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(l => new NamedList(l.Id, l.Currency)).ToList(), StringComparer.OrdinalIgnoreCase);
        }
        if (!known.ContainsKey(PlannedKey)) known[PlannedKey] = new HashSet<string>();
        var skus = rows.Where(r => r.CreateMode).Select(r => r.Input.Sku?.Trim()).OfType<string>().Where(s => s.Length > 0).Distinct().ToList();
        known[TakenKey] = skus.Count == 0 ? new HashSet<string>()
            : (await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(ct)).ToHashSet();
    }

    private static Dictionary<string, Guid> Lists(ImportMemory memory) => (Dictionary<string, Guid>)((Memory)memory).Lookups[ListsKey]!;

    /// <summary>The list the row names (null: it names none): the one list of that name, or of those sharing it the one
    /// in the row's currency (an export writes both); found false when there is none, or no single one.</summary>
    private static (bool Found, NamedList? List) Named(Row row, ImportMemory memory)
    {
        if (row.PriceList is not { } name) return (true, null);
        var lists = ((Dictionary<string, List<NamedList>>)((Memory)memory).Lookups[NamedKey]!).GetValueOrDefault(name.Trim()) ?? [];
        if (lists.Count > 1 && Currency.Normalize(row.Currency) is { } currency) lists = [.. lists.Where(l => l.Currency == currency)];
        return lists.Count == 1 ? (true, lists[0]) : (false, null);
    }

    private static string? CurrencyOf(Row row, ImportMemory memory) =>
        Currency.Normalize(row.Currency ?? (string)((Memory)memory).Lookups[CurrencyKey]!);

    /// <summary>The list a row's price goes into and its currency: the one it names, else its currency's list in effect.</summary>
    private static (Guid List, string Currency)? TargetOf(Row row, ImportMemory memory) =>
        Named(row, memory) switch
        {
            (_, { } named) => (named.Id, named.Currency),
            (true, null) when CurrencyOf(row, memory) is { } currency && Lists(memory).TryGetValue(currency, out var list) => (list, currency),
            _ => null,
        };

    /// <summary>A price needs a list: the one the row names (which must exist, be the only one of that name, and be in
    /// the row's currency if it gives one) or one in effect today in its currency; and an amount that currency can express.</summary>
    protected override void CheckNames(Row row, ImportMemory memory, Product? into, List<FieldError> errors)
    {
        if (row.UnitPrice is not { } price) return;
        var (found, named) = Named(row, memory);
        var currency = named?.Currency ?? CurrencyOf(row, memory);
        if (!found) errors.Add(new(F.PriceList, "Import.PriceListUnknown"));
        else if (named is not null && row.Currency is not null && Currency.Normalize(row.Currency) != named.Currency)
            errors.Add(new(F.Currency, "Import.PriceListCurrency", named.Currency));
        else if (currency is null) errors.Add(new(F.Currency, "Validation.Currency"));
        else if (TargetOf(row, memory) is null) errors.Add(new(F.UnitPrice, "Import.NoPriceList"));
        else if (!Currency.IsAmount(price, currency)) errors.Add(new(F.UnitPrice, "Validation.Price"));
    }

    private static (Guid List, long Minor)? PriceOf(Row row, ImportMemory memory) =>
        row.UnitPrice is { } price && TargetOf(row, memory) is { } target ? (target.List, Currency.ToMinor(price, target.Currency)) : null;

    protected override IEnumerable<string> KeysOf(Row row, ImportMemory memory, IReadOnlyList<string> by)
    {
        if (by.Contains("sku") && row.Input.Sku?.Trim() is { Length: > 0 } sku) yield return "s:" + sku;
    }

    /// <summary>Products with any of the SKUs (the catalogue is company-wide: no record scope).</summary>
    protected override async Task<Dictionary<string, Guid>> FindAsync(List<string> keys, CancellationToken ct)
    {
        var skus = keys.Where(k => k.StartsWith("s:", StringComparison.Ordinal)).Select(k => k[2..]).ToList();
        if (skus.Count == 0) return [];
        return await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).Select(p => new { p.Sku, p.Id }).ToDictionaryAsync(p => "s:" + p.Sku, p => p.Id, ct);
    }

    /// <summary>The products, tracked, with their prices (tracked too: the update changes them, the image keeps them).</summary>
    protected override async Task<Dictionary<Guid, Product>> LoadAsync(List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await db.Set<PriceListItem>().Where(i => ids.Contains(i.ProductId)).LoadAsync(ct);
        return await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
    }

    protected override Product Create(Row row, ImportMemory memory)
    {
        var (sku, name, errors) = ProductService.Check(row.Input);
        var known = ((Memory)memory).Lookups;
        var planned = (HashSet<string>)known[PlannedKey]!;
        if (errors.Count == 0 && row.CreateMode && (((HashSet<string>)known[TakenKey]!).Contains(sku) || planned.Contains(sku)))
            errors.Add(new(F.Sku, "Validation.SkuTaken"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var product = new Product { Sku = sku, Name = name };
        ProductService.Apply(product, row.Input);
        if (row.CreateMode) planned.Add(sku);
        SetPrice(product, PriceOf(row, memory));
        return product;
    }

    /// <summary>What the row gives replaces what the product holds (the SKU is its key); its price replaces the product's
    /// price in that list, or is added to it.</summary>
    protected override void Update(Product record, Row row, ImportMemory memory)
    {
        var input = new ProductInput(record.Sku, row.Input.Name ?? record.Name, row.Input.Unit ?? record.Unit, row.Input.Category ?? record.Category,
            row.ActiveGiven ? row.Input.Active : record.Active);
        var (_, name, errors) = ProductService.Check(input);
        if (errors.Count > 0) throw new RapportValidationException(errors);
        record.Name = name;
        ProductService.Apply(record, input);
        SetPrice(record, PriceOf(row, memory));
    }

    /// <summary>A new product's price waits for its insert; an existing one's is changed in the context, saved with the batch.</summary>
    private void SetPrice(Product product, (Guid List, long Minor)? price)
    {
        if (price is not { } p) return;
        if (db.Entry(product).State == EntityState.Detached)
        {
            if (!_newPrices.TryGetValue(product.Id, out var items)) _newPrices[product.Id] = items = [];
            if (items.FirstOrDefault(i => i.PriceListId == p.List) is { } item) item.UnitPriceMinor = p.Minor;
            else items.Add(new PriceListItem { PriceListId = p.List, ProductId = product.Id, UnitPriceMinor = p.Minor });
            return;
        }
        var prices = db.Set<PriceListItem>();
        if (prices.Local.FirstOrDefault(i => i.PriceListId == p.List && i.ProductId == product.Id) is { } kept) kept.UnitPriceMinor = p.Minor;
        else prices.Add(new PriceListItem { PriceListId = p.List, ProductId = product.Id, UnitPriceMinor = p.Minor });
    }

    protected override Guid IdOf(Product record) => record.Id;

    protected override string Snapshot(Product record) => ImportJson.Write(ProductSnapshot.Of(record, []));

    /// <summary>The product, and the price the row is about to write in its list (with the amount there before, if any).</summary>
    protected override string Snapshot(Product record, Row row, ImportMemory memory) => ImportJson.Write(ProductSnapshot.Of(record,
        PriceOf(row, memory) is { } p ? [new ProductSnapshot.Price(p.List, PriceNow(record, p.List), p.Minor)] : []));

    /// <summary>A later row of the file for the same product (an export has a row per price): the price it is about to
    /// write joins the image — with the amount there before, if the image does not hold that list yet — so an undo puts
    /// back every price the file wrote.</summary>
    protected override string Merge(string before, Product record, Row row, ImportMemory memory)
    {
        if (PriceOf(row, memory) is not { } p) return before;
        var image = ImportJson.Read<ProductSnapshot>(before);
        var held = image.Prices.FirstOrDefault(x => x.ListId == p.List);
        var price = held is null ? new ProductSnapshot.Price(p.List, PriceNow(record, p.List), p.Minor) : held with { Written = p.Minor };
        return ImportJson.Write(image with { Prices = [.. image.Prices.Where(x => x.ListId != p.List), price] });
    }

    /// <summary>The product's price in a list as the batch holds it now (null: none).</summary>
    private long? PriceNow(Product record, Guid list) =>
        db.Set<PriceListItem>().Local.FirstOrDefault(i => i.ProductId == record.Id && i.PriceListId == list)?.UnitPriceMinor;

    protected override IReadOnlyDictionary<string, string?> PreviewOf(Product record, Row row) => new Dictionary<string, string?>
    {
        [F.Sku] = record.Sku, [F.Name] = record.Name, [F.Unit] = record.Unit, [F.Category] = record.Category, [F.Active] = record.Active.ToString(),
        [F.UnitPrice] = row.UnitPrice?.ToString(CultureInfo.InvariantCulture), [F.Currency] = row.UnitPrice is null ? null : row.Currency,
        [F.PriceList] = row.UnitPrice is null ? null : row.PriceList,
    };

    protected override async Task InsertAsync(List<Product> added, DateTime now, CancellationToken ct)
    {
        await BulkInsert.InsertAsync(db, added, now, ct);
        var prices = added.SelectMany(p => _newPrices.Remove(p.Id, out var items) ? items : []).ToList();
        await BulkInsert.InsertAsync(db, prices, now, ct);
    }

    public override Task<Dictionary<Guid, long>> VersionsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Products.IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Version }).ToDictionaryAsync(p => p.Id, p => p.Version, ct);

    /// <summary>Products quoted or ordered since.</summary>
    public override async Task<HashSet<Guid>> UsedAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.QuoteLines.IgnoreQueryFilters().Where(l => l.ProductId != null && ids.Contains(l.ProductId.Value)).Select(l => l.ProductId!.Value).ToListAsync(ct))
            .Concat(await db.Set<OrderLine>().IgnoreQueryFilters().Where(l => l.ProductId != null && ids.Contains(l.ProductId.Value)).Select(l => l.ProductId!.Value).ToListAsync(ct))
            .ToHashSet();

    /// <summary>The products and their prices (a price holds its product: it would refuse the delete).</summary>
    public override async Task<int> DeleteAsync(List<Guid> ids, CancellationToken ct)
    {
        await db.Set<PriceListItem>().Where(i => ids.Contains(i.ProductId)).ExecuteDeleteAsync(ct);
        return await db.Products.IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Puts back each product and the price its row wrote: added, it goes; changed, it gets its amount back —
    /// unless someone has changed it since (then it stays as they left it). Prices in other lists are not touched.</summary>
    public override async Task<int> RestoreAsync(IReadOnlyDictionary<Guid, string> befores, CancellationToken ct)
    {
        var ids = befores.Keys.ToList();
        var tracked = await db.Products.IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        var prices = await db.Set<PriceListItem>().Where(i => ids.Contains(i.ProductId)).ToListAsync(ct);
        foreach (var p in tracked)
        {
            var before = ImportJson.Read<ProductSnapshot>(befores[p.Id]);
            before.RestoreTo(p);
            foreach (var b in before.Prices)
            {
                var now = prices.FirstOrDefault(i => i.ProductId == p.Id && i.PriceListId == b.ListId);
                if (now is null || now.UnitPriceMinor != b.Written) continue;
                if (b.Minor is { } was) now.UnitPriceMinor = was;
                else db.Remove(now);
            }
        }
        return tracked.Count;
    }
}
