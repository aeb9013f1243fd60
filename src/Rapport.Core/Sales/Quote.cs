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
    public QuoteStatus Status { get; private set; }
    public DateOnly? ValidUntil { get; set; }
    public string? Notes { get; set; }
    public long SubtotalMinor { get; set; }
    public long TaxMinor { get; set; }
    public long TotalMinor { get; set; }
    public DateTime? SentAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public Guid? OrderId { get; set; }
    public List<QuoteLine> Lines { get; init; } = [];

    /// <summary>What the customer sees: a sent quote past its validity has expired.</summary>
    public QuoteStatus StatusOn(DateOnly today) =>
        Status == QuoteStatus.Sent && ValidUntil is { } until && until < today ? QuoteStatus.Expired : Status;

    /// <summary>Draft → sent; a quote without lines is not sent.</summary>
    public void Send(DateTime now)
    {
        Move(QuoteStatus.Draft, QuoteStatus.Sent, now);
        if (Lines.Count == 0) throw RapportValidationException.For("lines", "Validation.Required");
        (Status, SentAt) = (QuoteStatus.Sent, now);
    }

    /// <summary>Sent → accepted, while still valid.</summary>
    public void Accept(DateTime now) => Decide(QuoteStatus.Accepted, now);

    /// <summary>Sent → rejected, while still valid.</summary>
    public void Reject(DateTime now) => Decide(QuoteStatus.Rejected, now);

    private void Decide(QuoteStatus to, DateTime now)
    {
        Move(QuoteStatus.Sent, to, now);
        (Status, DecidedAt) = (to, now);
    }

    private void Move(QuoteStatus from, QuoteStatus to, DateTime now)
    {
        if (StatusOn(DateOnly.FromDateTime(now)) == QuoteStatus.Expired) throw RapportValidationException.For("status", "Validation.QuoteExpired");
        if (Status != from) throw RapportValidationException.For("status", "Validation.QuoteTransition", Status, to);
    }
}
