using Rapport.Core.Customers;

namespace Rapport.Core.Leads;

/// <summary>A call, email, meeting or note logged while working a lead; copied to the customer's timeline on conversion.</summary>
public sealed class LeadActivity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid LeadId { get; init; }
    public Lead? Lead { get; init; }
    public InteractionKind Kind { get; init; }
    public required string Subject { get; init; }
    public string? Content { get; init; }
    public DateTime OccurredAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
}
