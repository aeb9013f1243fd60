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
    public ContractStatus Status { get; private set; }
    /// <summary>How many days before the end the owner is reminded to renew.</summary>
    public int RenewalNoticeDays { get; set; } = 30;
    public DateTime? RenewalReminderAt { get; set; }
    public string? EndReason { get; private set; }

    public const int EndReasonMax = 500;

    /// <summary>Draft → active.</summary>
    public void Activate() => Status = Checked([ContractStatus.Draft], ContractStatus.Active);

    /// <summary>Active → terminated (ended early), with the reason why.</summary>
    public void Terminate(string? reason)
    {
        var why = TextInput.Clean(reason) ?? throw RapportValidationException.For("reason", "Validation.Required");
        var to = Checked([ContractStatus.Active], ContractStatus.Terminated);
        if (why.Length > EndReasonMax) throw RapportValidationException.For("reason", "Validation.TooLong", EndReasonMax);
        (Status, EndReason) = (to, why);
    }

    /// <summary>Expired or terminated → archived.</summary>
    public void Archive() => Status = Checked([ContractStatus.Expired, ContractStatus.Terminated], ContractStatus.Archived);

    /// <summary>Active → expired (the daily job, once its end date has passed).</summary>
    public void Expire() => Status = Checked([ContractStatus.Active], ContractStatus.Expired);

    private ContractStatus Checked(ContractStatus[] from, ContractStatus to) =>
        from.Contains(Status) ? to : throw RapportValidationException.For("status", "Validation.ContractTransition", Status, to);
}
