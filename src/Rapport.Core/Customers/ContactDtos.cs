namespace Rapport.Core.Customers;

public sealed record ContactInput
{
    public string? Name { get; init; }
    public string? Title { get; init; }
    public string? Department { get; init; }
    public List<string>? Phones { get; init; }
    public List<string>? Emails { get; init; }
    public bool IsPrimary { get; init; }
}

public sealed record ContactDto(
    Guid Id, Guid CustomerId, string Name, string? Title, string? Department,
    IReadOnlyList<string> Phones, IReadOnlyList<string> Emails, bool IsPrimary, DateTime CreatedAt, DateTime UpdatedAt, long Version);

public sealed record InteractionInput
{
    public InteractionKind Kind { get; init; } = InteractionKind.Note;
    public Guid? ContactId { get; init; }
    public DateTime? OccurredAt { get; init; }
    public Direction Direction { get; init; } = Direction.None;
    public string? Subject { get; init; }
    public string? Content { get; init; }
    public List<string>? Participants { get; init; }
    public string? Outcome { get; init; }
    public DateOnly? FollowUpOn { get; init; }
    public DateTime? DueAt { get; init; }
    public bool Done { get; init; }
}

public sealed record InteractionDto(
    Guid Id, Guid CustomerId, Guid? ContactId, InteractionKind Kind, DateTime OccurredAt, Direction Direction,
    string Subject, string? Content, IReadOnlyList<string> Participants, string? Outcome, DateOnly? FollowUpOn,
    DateTime? DueAt, bool Done, DateTime CreatedAt, Guid? CreatedById, long Version);

public sealed record SearchHit(string Type, Guid Id, Guid CustomerId, string Title, string? Subtitle);

/// <summary>An open task of the caller's, with the customer it is for.</summary>
public sealed record MyTaskDto(Guid Id, Guid CustomerId, string CustomerName, string Subject, DateTime DueAt);

/// <summary>An interaction as the export writes it and the interaction import reads it back: the customer by number and
/// name, the contact by name.</summary>
public sealed record InteractionExportRow(string CustomerNumber, string Customer, string? Contact, InteractionKind Kind, Direction Direction,
    string Subject, string? Content, DateTime OccurredAt, string? Outcome);
