namespace Rapport.Core.Sales;

public enum InvoiceStatus { Open, PartiallyPaid, Paid, Void }

/// <summary>A receivable for (part of) an order, due on a date; payments settle it.</summary>
public sealed class Invoice : Common.AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public Guid OrderId { get; init; }
    public Order? Order { get; init; }
    public Guid CustomerId { get; init; }
    public required string Currency { get; init; }
    public DateOnly IssuedOn { get; init; }
    public DateOnly DueOn { get; set; }
    public long AmountMinor { get; init; }
    public long PaidMinor { get; set; }
    public InvoiceStatus Status { get; set; }
    public string? ExternalId { get; set; }
}
