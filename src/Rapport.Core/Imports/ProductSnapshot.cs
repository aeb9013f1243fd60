using Rapport.Core.Sales;

namespace Rapport.Core.Imports;

/// <summary>A product as an import found it before updating it: every column the import can change, and the one price
/// the row wrote (its list, the amount before — none if the row added it — and the amount written), so an undo puts
/// back that price and touches no other.</summary>
public sealed record ProductSnapshot(string Sku, string Name, string? Unit, string? Category, bool Active, List<ProductSnapshot.Price> Prices)
{
    public sealed record Price(Guid ListId, long? Minor, long Written);

    public static ProductSnapshot Of(Product p, List<Price> prices) => new(p.Sku, p.Name, p.Unit, p.Category, p.Active, prices);

    /// <summary>Puts the product's values back; its prices are put back by the caller.</summary>
    public void RestoreTo(Product p) => (p.Sku, p.Name, p.Unit, p.Category, p.Active) = (Sku, Name, Unit, Category, Active);
}
