namespace Rapport.Core.ServiceDesk;

/// <summary>A new case. With neither owner nor queue it is the caller's; with a queue only, it waits there unassigned.</summary>
public sealed record CaseInput(Guid CustomerId, string? Subject, string? Description = null, CaseType Type = CaseType.Inquiry,
    CaseChannel Channel = CaseChannel.Phone, CasePriority Priority = CasePriority.Normal, Guid? ContactId = null, Guid? CategoryId = null,
    Guid? OwnerId = null, Guid? QueueId = null, List<string>? Tags = null);

/// <summary>A case's details (its customer stays; owner and queue change through assign, status through the actions).</summary>
public sealed record CaseUpdateInput(string? Subject, string? Description = null, CaseType Type = CaseType.Inquiry,
    CaseChannel Channel = CaseChannel.Phone, CasePriority Priority = CasePriority.Normal, Guid? ContactId = null, Guid? CategoryId = null,
    List<string>? Tags = null);

/// <summary>Who works the case and in which queue; null clears either.</summary>
public sealed record CaseAssignInput(Guid? OwnerId, Guid? QueueId);

public sealed record CaseResolveInput(string? Note);

public sealed record CaseMessageInput(CaseMessageKind Kind, string? Body);

public sealed record CaseMergeInput(Guid TargetId);

public sealed record CaseLinkInput(Guid RelatedCaseId);

/// <summary>Which cases a list shows: everything in scope, the caller's own, their teams' queues, nobody's yet, or the
/// active cases past their resolution target's warning point (or breached), by due time.</summary>
public enum CaseView { All, Mine, MyTeams, Unassigned, BreachingSoon }

/// <summary>Queue order (due time, priority, age) or newest first.</summary>
public enum CaseSort { Due, Created }

public sealed record CaseQuery(CaseView View = CaseView.All, Guid? QueueId = null, Guid? OwnerId = null, CaseStatus? Status = null,
    CasePriority? Priority = null, Guid? CategoryId = null, Guid? CustomerId = null, string? Q = null, bool ActiveOnly = false,
    CaseSort Sort = CaseSort.Due, string? Cursor = null, int? Limit = null);

public sealed record CaseDto(Guid Id, string Number, CaseType Type, string Subject, string? Description, Guid CustomerId, string CustomerName,
    Guid? ContactId, CaseChannel Channel, Guid? CategoryId, CasePriority Priority, CaseStatus Status, Guid? OwnerId, string? OwnerName,
    Guid? QueueId, string? QueueName, DateTime? FirstResponseAt, DateTime? ResolvedAt, DateTime? ClosedAt, string? ResolutionNote,
    Guid? MergedIntoId, DateTime? FirstResponseDueAt, DateTime? ResolutionDueAt, DateTime? FirstResponseBreachedAt, DateTime? ResolutionBreachedAt,
    SlaState? Sla, IReadOnlyList<string> Tags, DateTime CreatedAt, long Version)
{
    /// <summary>The customer's rating from the portal, once given.</summary>
    public CaseRating? Rating { get; init; }

    /// <summary>When the customer is due to hear from the desk again (see <see cref="Case.NextUpdateDueAt"/>), when the
    /// running period breached, and how many periods breached in all.</summary>
    public DateTime? NextUpdateDueAt { get; init; }
    public DateTime? NextUpdateBreachedAt { get; init; }
    public int NextUpdateBreaches { get; init; }
}

/// <summary>The customer's 1–5 rating of a resolved case, with their comment.</summary>
public sealed record CaseRating(int Stars, string? Comment, DateTime At)
{
    public static CaseRating? Of(Case c) => c is { Rating: { } stars, RatedAt: { } at } ? new(stars, c.RatingComment, at) : null;
}

public sealed record CaseListItem(Guid Id, string Number, string Subject, CaseType Type, CaseStatus Status, CasePriority Priority,
    Guid CustomerId, string CustomerName, Guid? OwnerId, Guid? QueueId, DateTime? ResolutionDueAt, DateTime CreatedAt, SlaState? Sla = null);

/// <summary>What a case export writes beyond the list's columns: names instead of ids and the case import's other fields.</summary>
public sealed record CaseExportDetails(string? Description, string CustomerNumber, string? Contact, CaseChannel Channel, string? Category,
    IReadOnlyList<string> Tags, string? Note);

public sealed record CaseAttachmentDto(Guid Id, Guid MessageId, string FileName, string ContentType, long Size, string Sha256, DateTime UploadedAt);

/// <summary>One entry of the conversation; <see cref="CaseNumber"/> names the case it was written on (a case merged
/// into this one shows its own messages here too).</summary>
public sealed record CaseMessageDto(Guid Id, Guid CaseId, string CaseNumber, CaseMessageKind Kind, string Body, Guid? AuthorUserId,
    string? AuthorName, string? FromAddress, DateTime At, DeliveryState DeliveryState, IReadOnlyList<CaseAttachmentDto> Attachments);

public sealed record CaseLinkDto(Guid CaseId, string Number, string Subject, CaseStatus Status);

/// <summary>A public reply handed to <see cref="ICaseReplySender"/>.</summary>
public sealed record CaseReply(Guid CaseId, string CaseNumber, string Subject, Guid CustomerId, Guid? ContactId, Guid MessageId, string Body);
