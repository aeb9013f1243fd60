using Rapport.Core.Common;

namespace Rapport.Core.Sales;

/// <summary>Draft → active → expired (its end date passed) or terminated (ended early) → archived.</summary>
public enum ContractStatus { Draft, Active, Expired, Terminated, Archived }

/// <summary>An agreement with a customer for a value over a period, with its signed documents attached and a
/// reminder to renew it ahead of its end.</summary>
public sealed class Contract : AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public Guid CustomerId { get; init; }
    public Customers.Customer? Customer { get; init; }
    public Guid? OpportunityId { get; set; }
    public Guid? OwnerId { get; set; }
    public required string Title { get; set; }
    public long ValueMinor { get; set; }
    public required string Currency { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public ContractStatus Status { get; set; }
    /// <summary>How many days before the end the owner is reminded to renew.</summary>
    public int RenewalNoticeDays { get; set; } = 30;
    public DateTime? RenewalReminderAt { get; set; }
    public string? EndReason { get; set; }
}
