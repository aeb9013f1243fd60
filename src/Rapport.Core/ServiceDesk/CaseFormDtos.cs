namespace Rapport.Core.ServiceDesk;

public sealed record CaseFormInput(string? Name, CaseType DefaultType = CaseType.Inquiry, Guid? CategoryId = null,
    CasePriority Priority = CasePriority.Normal, Guid? QueueId = null, bool ShowPhone = true, bool Active = true);

public sealed record CaseFormDto(Guid Id, string Name, string Token, CaseType DefaultType, Guid? CategoryId, CasePriority Priority, Guid? QueueId,
    bool ShowPhone, bool Active, int SubmissionCount, DateTime CreatedAt, long Version)
{
    /// <summary>The form's settings as an input, to change one of them.</summary>
    public CaseFormInput ToInput() => new(Name, DefaultType, CategoryId, Priority, QueueId, ShowPhone, Active);
}

/// <summary>What a visitor sends through a public case form. <see cref="Website"/> is the honeypot: people never see
/// it, so a value means a bot.</summary>
public sealed record CaseFormSubmission
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Subject { get; init; }
    public string? Description { get; init; }
    /// <summary>Where the visitor is: needed only when their email belongs to no contact or customer yet (a customer
    /// has an address).</summary>
    public string? Country { get; init; }
    public string? City { get; init; }
    public string? Website { get; init; }
}

/// <summary>What became of a submission: a case (its number), or nothing for a bot (which sees the same thanks).</summary>
public sealed record CaseFiled(bool Accepted, string? Number);
