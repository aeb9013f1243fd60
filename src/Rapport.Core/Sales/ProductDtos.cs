namespace Rapport.Core.Sales;

public sealed record ProductInput(string? Sku, string? Name, string? Unit = null, string? Category = null, bool Active = true);

public sealed record ProductDto(Guid Id, string Sku, string Name, string? Unit, string? Category, bool Active, long Version = 1);

public sealed record PriceListItemInput(Guid ProductId, decimal UnitPrice);

public sealed record PriceListInput(string? Name, string? Currency, DateOnly ValidFrom, DateOnly? ValidTo, IReadOnlyList<PriceListItemInput>? Items);

public sealed record PriceListItemDto(Guid ProductId, decimal UnitPrice);

public sealed record PriceListDto(Guid Id, string Name, string Currency, DateOnly ValidFrom, DateOnly? ValidTo, IReadOnlyList<PriceListItemDto> Items, long Version = 1);

/// <summary>A product as the export writes it and the product import reads it back: one row per price it has (naming its
/// list), or one without a price.</summary>
public sealed record ProductExportRow(string Sku, string Name, string? Unit, string? Category, bool Active, decimal? UnitPrice, string? Currency, string? PriceList);
