namespace Rapport.Core.Sales;

public sealed class PriceListItem
{
    public Guid PriceListId { get; init; }
    public Guid ProductId { get; init; }
    public long UnitPriceMinor { get; set; }
}
