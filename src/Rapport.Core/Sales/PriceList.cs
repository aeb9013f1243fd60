namespace Rapport.Core.Sales;

/// <summary>Prices in one currency, valid from a date (and until one, if given).</summary>
public sealed class PriceList : Common.AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Currency { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public List<PriceListItem> Items { get; init; } = [];
}
