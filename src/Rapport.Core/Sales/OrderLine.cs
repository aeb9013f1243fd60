namespace Rapport.Core.Sales;

public sealed class OrderLine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrderId { get; init; }
    public int Position { get; init; }
    public Guid? ProductId { get; init; }
    public required string Description { get; init; }
    public string? Unit { get; init; }
    public decimal Quantity { get; init; }
    public long UnitPriceMinor { get; init; }
    public decimal DiscountPercent { get; init; }
    public decimal TaxRatePercent { get; init; }
    public long NetMinor { get; init; }
    public long TaxMinor { get; init; }
}
