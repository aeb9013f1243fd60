namespace Rapport.Core.Sales;

public sealed class Payment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid InvoiceId { get; init; }
    public Invoice? Invoice { get; init; }
    public long AmountMinor { get; init; }
    public DateOnly PaidOn { get; init; }
    public string? Method { get; init; }
    public string? Reference { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? RecordedById { get; init; }
}
