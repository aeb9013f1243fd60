namespace Rapport.Core.Customers;

/// <summary>A person at a company customer.</summary>
public sealed class Contact : Rapport.Core.Common.AuditedEntity, Rapport.Core.Common.ISearchable
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; init; }
    public Customer? Customer { get; init; }
    public required string Name { get; set; }
    public string? Title { get; set; }
    public string? Department { get; set; }
    public List<string> Phones { get; set; } = [];
    public List<string> Emails { get; set; } = [];
    public bool IsPrimary { get; set; }
    public string SearchText { get; private set; } = "";

    protected internal override void OnSaving() => RefreshSearchText();

    public void RefreshSearchText() =>
        SearchText = string.Join(' ', new[] { Name }.Concat(Phones).Concat(Emails)).ToLowerInvariant();
}

public enum InteractionKind { Call, Email, Meeting, Visit, Chat, Social, Note, Task }

public enum Direction { None, Inbound, Outbound }

/// <summary>Something that happened with a customer: a call, a meeting, a note, a task to do.</summary>
public sealed class Interaction : Rapport.Core.Common.AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; init; }
    public Customer? Customer { get; init; }
    public Guid? ContactId { get; set; }
    public InteractionKind Kind { get; set; }
    public DateTime OccurredAt { get; set; }
    public Direction Direction { get; set; }
    public required string Subject { get; set; }
    public string? Content { get; set; }
    public List<string> Participants { get; set; } = [];
    public string? Outcome { get; set; }
    public DateOnly? FollowUpOn { get; set; }
    public DateTime? DueAt { get; set; }
    public bool Done { get; set; }
}
