using System.Runtime.CompilerServices;

namespace Rapport.Core.Sales;

/// <summary>The product catalogue and its price lists: read by everyone who quotes, kept by holders of
/// <c>products.manage</c>. Company-wide: no record scope.</summary>
public sealed class ProductService(RapportDbContext db, TimeProvider clock, ICurrentUser user)
{
    public async Task<IReadOnlyList<ProductDto>> ListAsync(string? q, bool includeInactive, CancellationToken ct)
    {
        user.Require(Permissions.ProductsRead);
        var query = (string.IsNullOrWhiteSpace(q) ? db.Products : TextSearch.Matching(db, db.Products, q)).AsNoTracking();
        if (!includeInactive) query = query.Where(p => p.Active);
        return await query.OrderBy(NameCollation.Of<Product>(db.IsPostgres, p => p.Name)).ThenBy(p => p.Id).Take(500)
            .Select(p => new ProductDto(p.Id, p.Sku, p.Name, p.Unit, p.Category, p.Active, p.Version)).ToListAsync(ct);
    }

    public async Task<ProductDto> CreateAsync(ProductInput input, CancellationToken ct)
    {
        user.Require(Permissions.ProductsManage);
        var (sku, name) = await ValidateAsync(input, null, ct);
        var p = new Product { Sku = sku, Name = name };
        Apply(p, input);
        db.Products.Add(p);
        await db.SaveChangesAsync(ct);
        return ToDto(p);
    }

    public async Task<ProductDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ProductsRead);
        return ToDto(await db.Products.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Product", id));
    }

    public async Task<ProductDto> UpdateAsync(Guid id, ProductInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.ProductsManage);
        var p = await db.Products.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Product", id);
        p.ExpectVersion(expectedVersion, "Product", id);
        (p.Sku, p.Name) = await ValidateAsync(input, id, ct);
        Apply(p, input);
        await db.SaveChangesAsync(ct);
        return ToDto(p);
    }

    /// <summary>The catalogue as the product import reads it back (so a file exported, edited and imported in update mode
    /// changes just what was edited): every product, inactive ones too, by SKU, once per price it has — each row naming
    /// its list and currency — or once without a price; with <paramref name="priceListId"/>, only that list's prices (a
    /// product without one there still has its row). Products are read a keyset page at a time, their prices by the
    /// page's ids.</summary>
    public async IAsyncEnumerable<ProductExportRow> ExportAsync(Guid? priceListId, [EnumeratorCancellation] CancellationToken ct)
    {
        user.Require(Permissions.ProductsRead);
        var lists = await db.PriceLists.AsNoTracking().Where(l => priceListId == null || l.Id == priceListId)
            .ToDictionaryAsync(l => l.Id, l => (l.Name, l.Currency), ct);
        if (priceListId is { } only && !lists.ContainsKey(only)) throw new NotFoundException("PriceList", only);
        const int size = Keyset.ExportPageSize;
        string? cursor = null;
        do
        {
            var rows = await Keyset.Seek(db.Products.AsNoTracking(), p => p.Sku, p => p.Id, false, cursor, size)
                .Select(p => new { p.Id, p.Sku, p.Name, p.Unit, p.Category, p.Active }).ToListAsync(ct);
            (var page, cursor) = Keyset.Cut(rows, size, p => p.Sku, p => p.Id);
            if (page.Count == 0) break;
            var ids = page.Select(p => p.Id).ToList();
            var prices = (await db.Set<PriceListItem>().AsNoTracking()
                    .Where(i => EF.Parameter(ids).Contains(i.ProductId) && (priceListId == null || i.PriceListId == priceListId))
                    .Select(i => new { i.ProductId, i.PriceListId, i.UnitPriceMinor }).ToListAsync(ct))
                .ToLookup(i => i.ProductId);
            foreach (var p in page)
            {
                // A list made while the export runs is not in the lists read at its start: its prices are left out.
                var own = prices[p.Id].Where(i => lists.ContainsKey(i.PriceListId)).Select(i => (List: lists[i.PriceListId], Minor: i.UnitPriceMinor))
                    .OrderBy(x => x.List.Currency, StringComparer.Ordinal).ThenBy(x => x.List.Name, StringComparer.Ordinal).ToList();
                if (own.Count == 0) yield return new ProductExportRow(p.Sku, p.Name, p.Unit, p.Category, p.Active, null, null, null);
                foreach (var (list, minor) in own)
                    yield return new ProductExportRow(p.Sku, p.Name, p.Unit, p.Category, p.Active, Currency.FromMinor(minor, list.Currency), list.Currency, list.Name);
            }
        }
        while (cursor is not null);
    }

    public async Task<IReadOnlyList<PriceListDto>> PriceListsAsync(CancellationToken ct)
    {
        user.Require(Permissions.ProductsRead);
        var lists = await db.PriceLists.AsNoTracking().Include(l => l.Items).OrderBy(l => l.Currency).ThenByDescending(l => l.ValidFrom).ToListAsync(ct);
        return lists.Select(ToDto).ToList();
    }

    public async Task<PriceListDto> CreatePriceListAsync(PriceListInput input, CancellationToken ct)
    {
        user.Require(Permissions.ProductsManage);
        var list = new PriceList { Name = "", Currency = "" };
        await ApplyAsync(list, input, ct);
        db.PriceLists.Add(list);
        await db.SaveChangesAsync(ct);
        return ToDto(list);
    }

    public async Task<PriceListDto> GetPriceListAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.ProductsRead);
        return ToDto(await db.PriceLists.AsNoTracking().Include(l => l.Items).FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("PriceList", id));
    }

    public async Task<PriceListDto> UpdatePriceListAsync(Guid id, PriceListInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.ProductsManage);
        var list = await db.PriceLists.Include(l => l.Items).FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("PriceList", id);
        list.ExpectVersion(expectedVersion, "PriceList", id);
        await ApplyAsync(list, input, ct);
        await db.SaveChangesAsync(ct);
        return ToDto(list);
    }

    /// <summary>What each of <paramref name="productIds"/> costs in <paramref name="currency"/> today, from the price list
    /// that took effect most recently and prices it: what a quote line with no price of its own is saved with, so an editor
    /// can show it before saving. Products no list prices are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, decimal>> PricesAsync(IReadOnlyCollection<Guid> productIds, string currency, CancellationToken ct)
    {
        user.Require(Permissions.ProductsRead);
        var code = Currency.Normalize(currency) ?? throw RapportValidationException.For("currency", "Validation.Currency");
        var minor = await PricesMinorAsync(productIds, code, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return minor.ToDictionary(p => p.Key, p => Currency.FromMinor(p.Value, code));
    }

    /// <summary>One query for all the products of a quote (not one per line); see <see cref="PricesAsync"/>.</summary>
    internal async Task<Dictionary<Guid, long>> PricesMinorAsync(IReadOnlyCollection<Guid> productIds, string currency, DateOnly on, CancellationToken ct)
    {
        if (productIds.Count == 0) return [];
        var rows = await db.PriceLists.AsNoTracking()
            .Where(l => l.Currency == currency && l.ValidFrom <= on && (l.ValidTo == null || l.ValidTo >= on))
            .SelectMany(l => l.Items, (l, i) => new { i.ProductId, l.ValidFrom, i.UnitPriceMinor })
            .Where(x => productIds.Contains(x.ProductId))
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.ValidFrom)!.UnitPriceMinor);
    }

    private async Task<(string Sku, string Name)> ValidateAsync(ProductInput input, Guid? id, CancellationToken ct)
    {
        var (sku, name, errors) = Check(input);
        if (sku.Length > 0 && SafeText.IsSafe(sku) && await db.Products.AnyAsync(p => p.Sku == sku && p.Id != id, ct)) errors.Add(new("sku", "Validation.SkuTaken"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return (sku, name);
    }

    /// <summary>The rules that need no database (the SKU's uniqueness is checked by the caller): also the product import's.</summary>
    internal static (string Sku, string Name, List<FieldError> Errors) Check(ProductInput input)
    {
        var errors = new List<FieldError>();
        var sku = input.Sku?.Trim() ?? "";
        var name = input.Name?.Trim() ?? "";
        if (sku.Length == 0) errors.Add(new("sku", "Validation.Required"));
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "sku", sku, 64);
        TextInput.CheckLength(errors, "name", name, OpportunityRules.NameMax);
        TextInput.CheckLength(errors, "unit", input.Unit, 20);
        TextInput.CheckLength(errors, "category", input.Category, OpportunityRules.ShortTextMax);
        return (sku, name, errors);
    }

    internal static void Apply(Product p, ProductInput input)
    {
        p.Unit = TextInput.Clean(input.Unit);
        p.Category = TextInput.Clean(input.Category);
        p.Active = input.Active;
    }

    private async Task ApplyAsync(PriceList list, PriceListInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "Validation.Required"));
        TextInput.CheckLength(errors, "name", name, OpportunityRules.NameMax);
        var currency = Currency.Normalize(input.Currency);
        if (currency is null) errors.Add(new("currency", "Validation.Currency"));
        if (input.ValidTo is { } to && to < input.ValidFrom) errors.Add(new("validTo", "Validation.EndBeforeStart"));
        Ranges.CheckDate(errors, "validFrom", input.ValidFrom);
        Ranges.CheckDate(errors, "validTo", input.ValidTo);
        var items = input.Items ?? [];
        var ids = items.Where(i => i is not null).Select(i => i.ProductId).ToList();
        var known = await db.Products.Select(p => p.Id).Where(id => ids.Contains(id)).ToListAsync(ct);
        foreach (var (item, i) in items.Select((x, i) => (x, i)))
        {
            if (item is null) { errors.Add(new($"items[{i}]", "Validation.Required")); continue; }
            if (!known.Contains(item.ProductId)) errors.Add(new($"items[{i}].productId", "Validation.UnknownProduct"));
            if (!Currency.IsAmount(item.UnitPrice, currency ?? "")) errors.Add(new($"items[{i}].unitPrice", "Validation.Price"));
        }
        if (ids.Distinct().Count() != ids.Count) errors.Add(new("items", "Validation.DuplicateProduct"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        list.Name = name;
        list.Currency = currency!;
        list.ValidFrom = input.ValidFrom;
        list.ValidTo = input.ValidTo;
        // Kept items change in place (their key is the product), others go, new ones come.
        var wanted = items.ToDictionary(i => i.ProductId, i => Currency.ToMinor(i.UnitPrice, list.Currency));
        foreach (var gone in list.Items.Where(i => !wanted.ContainsKey(i.ProductId)).ToList())
        {
            list.Items.Remove(gone);
            db.Remove(gone);
        }
        foreach (var (productId, price) in wanted)
        {
            if (list.Items.FirstOrDefault(i => i.ProductId == productId) is { } kept) kept.UnitPriceMinor = price;
            else list.Items.Add(new PriceListItem { PriceListId = list.Id, ProductId = productId, UnitPriceMinor = price });
        }
    }

    private static ProductDto ToDto(Product p) => new(p.Id, p.Sku, p.Name, p.Unit, p.Category, p.Active, p.Version);

    private static PriceListDto ToDto(PriceList l) => new(l.Id, l.Name, l.Currency, l.ValidFrom, l.ValidTo,
        l.Items.Select(i => new PriceListItemDto(i.ProductId, Currency.FromMinor(i.UnitPriceMinor, l.Currency))).ToList(), l.Version);
}
