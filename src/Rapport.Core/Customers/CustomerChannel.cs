namespace Rapport.Core.Customers;

/// <summary>A phone, email or IM handle of a customer, stored normalised (E.164, lower-case) for duplicate lookup.</summary>
public sealed class CustomerChannel
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; init; }
    public ChannelKind Kind { get; init; }
    public required string Value { get; init; }
    public string? Label { get; init; }
    public bool IsPrimary { get; init; }
}
