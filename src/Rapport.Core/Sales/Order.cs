namespace Rapport.Core.Sales;

public enum OrderStatus { Open, Fulfilled, Cancelled }

/// <summary>What a customer ordered, from an accepted quote. <see cref="ExternalId"/> is where an ERP's own id goes
/// when orders are synchronised later.</summary>
public sealed class Order
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public Guid? QuoteId { get; init; }
    /// <summary>The campaign of the opportunity it was won from: last-touch attribution of its revenue.</summary>
    public Guid? CampaignId { get; init; }
    public Guid CustomerId { get; init; }
    public Customers.Customer? Customer { get; init; }
    public Guid? OwnerId { get; set; }
    public required string Currency { get; init; }
    public OrderStatus Status { get; set; }
    public long SubtotalMinor { get; init; }
    public long TaxMinor { get; init; }
    public long TotalMinor { get; init; }
    /// <summary>What its invoices (not void) add up to; raised by one conditional UPDATE per invoice so parallel
    /// invoices can never together exceed <see cref="TotalMinor"/>.</summary>
    public long InvoicedMinor { get; set; }
    public string? ExternalId { get; set; }
    public List<OrderLine> Lines { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
}
