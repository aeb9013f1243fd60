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
    public long PaidMinor { get; private set; }
    public InvoiceStatus Status { get; private set; }
    public string? ExternalId { get; set; }

    public long OutstandingMinor => AmountMinor - PaidMinor;

    /// <summary>Refused once the invoice is paid or void.</summary>
    public void CheckOpen()
    {
        if (Status is InvoiceStatus.Paid or InvoiceStatus.Void) throw RapportValidationException.For("invoiceId", "Validation.InvoiceSettled");
    }

    /// <summary>Money received: never more than is outstanding; the last of it pays the invoice.</summary>
    public void RecordPayment(long amountMinor)
    {
        CheckOpen();
        if (amountMinor <= 0 || amountMinor > OutstandingMinor)
            throw RapportValidationException.For("amount", "Validation.Between",
                Common.Currency.FromMinor(1, Currency), Common.Currency.FromMinor(OutstandingMinor, Currency));
        PaidMinor += amountMinor;
        Status = PaidMinor >= AmountMinor ? InvoiceStatus.Paid : InvoiceStatus.PartiallyPaid;
    }
}
