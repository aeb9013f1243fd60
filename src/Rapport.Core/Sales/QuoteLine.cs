namespace Rapport.Core.Sales;

/// <summary>One line: a product (or free text), quantity, unit price, discount and tax, with its amounts worked out
/// and kept (see <see cref="QuoteMath"/>).</summary>
public sealed class QuoteLine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid QuoteId { get; init; }
    public int Position { get; set; }
    public Guid? ProductId { get; set; }
    public required string Description { get; set; }
    public string? Unit { get; set; }
    public decimal Quantity { get; set; }
    public long UnitPriceMinor { get; set; }
    public decimal DiscountPercent { get; set; }
    public decimal TaxRatePercent { get; set; }
    public long NetMinor { get; set; }
    public long TaxMinor { get; set; }
}
