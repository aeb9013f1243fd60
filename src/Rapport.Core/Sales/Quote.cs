using Rapport.Core.Common;

namespace Rapport.Core.Sales;

/// <summary>Draft → sent → accepted or rejected; a sent quote past its validity reads as expired.</summary>
public enum QuoteStatus { Draft, Sent, Accepted, Rejected, Expired }

/// <summary>A priced offer on an opportunity. Revising a quote makes a new draft revision with the same number;
/// earlier revisions stay as they were sent.</summary>
public sealed class Quote : AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public int Revision { get; init; } = 1;
    public Guid OpportunityId { get; init; }
    public Opportunity? Opportunity { get; init; }
    public Guid CustomerId { get; init; }
    public required string Currency { get; init; }
    public QuoteStatus Status { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public string? Notes { get; set; }
    public long SubtotalMinor { get; set; }
    public long TaxMinor { get; set; }
    public long TotalMinor { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? OrderId { get; set; }
    public List<QuoteLine> Lines { get; init; } = [];
}
