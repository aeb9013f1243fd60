namespace Rapport.Core.Sales;

/// <summary>A line of an order, copied from the accepted quote's line.</summary>
public sealed class OrderLine : DocumentLine
{
    public Guid OrderId { get; init; }
}
