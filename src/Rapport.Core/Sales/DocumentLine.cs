namespace Rapport.Core.Sales;

/// <summary>One line of a sales document (a quote or an order): a product (or free text), quantity, unit price, discount
/// and tax, with its amounts worked out and kept (see <see cref="QuoteMath"/>).</summary>
public abstract class DocumentLine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public int Position { get; init; }
    public Guid? ProductId { get; init; }
    public required string Description { get; init; }
    public string? Unit { get; init; }
    public decimal Quantity { get; init; }
    public long UnitPriceMinor { get; init; }
    public decimal DiscountPercent { get; init; }
    public decimal TaxRatePercent { get; init; }
    public long NetMinor { get; set; }
    public long TaxMinor { get; set; }
}
