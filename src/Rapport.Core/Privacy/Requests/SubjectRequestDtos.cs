using System.ComponentModel.DataAnnotations;

namespace Rapport.Core.Privacy.Requests;

/// <summary>A request taken by an agent: the type, the subject (a customer, an email or a phone — at least one) and the regime.</summary>
public sealed record SubjectRequestInput(
    SubjectRequestType Type,
    Guid? CustomerId = null,
    [property: MaxLength(SubjectRequest.NameMax)] string? SubjectName = null,
    string? Email = null,
    string? Phone = null,
    PrivacyRegime? Regime = null,
    string? Language = null,
    Guid? AssigneeId = null,
    [property: MaxLength(SubjectRequest.NotesMax)] string? Notes = null);

/// <summary>What an agent changes on an open request: who works it and the notes.</summary>
public sealed record SubjectRequestUpdate(Guid? AssigneeId, [property: MaxLength(SubjectRequest.NotesMax)] string? Notes);

/// <summary>A status move; <c>reason</c> is required to refuse.</summary>
public sealed record SubjectRequestMove(SubjectRequestStatus Status, [property: MaxLength(SubjectRequest.ReasonMax)] string? Reason = null);

/// <summary>The public form: who asks, for what, and the address the verification link goes to.</summary>
public sealed record PublicSubjectRequestInput(
    SubjectRequestType Type,
    [property: MaxLength(SubjectRequest.NameMax)] string? Name,
    string? Email,
    string? Phone = null,
    PrivacyRegime? Regime = null,
    [property: MaxLength(SubjectRequest.NotesMax)] string? Details = null,
    string? Language = null);

public sealed record SubjectRequestDto(
    Guid Id, string Number, SubjectRequestType Type, PrivacyRegime Regime, SubjectRequestStatus Status,
    Guid? CustomerId, string? CustomerName, string? SubjectName, string? Email, string? Phone, string Language, bool FromPublicForm,
    DateTime? ReceivedAt, DateTime? DueAt, bool Overdue, Guid? AssigneeId, string? AssigneeName, string? Notes, string? RefusalReason,
    DateTime? ClosedAt, SubjectRequestOutcome? Outcome, bool HasExport, long? ExportSize, DateTime? ExportedAt,
    DateTime CreatedAt, long Version);

/// <summary>What an erasure or restriction did: per table the rows changed, and what was kept and why.</summary>
public sealed record SubjectRequestOutcome(IReadOnlyList<OutcomeLine> Changed, IReadOnlyList<OutcomeLine> Kept);

/// <summary>One table's line in an outcome (<c>reason</c> a strings key for what was kept).</summary>
public sealed record OutcomeLine(string Table, int Rows, string? Reason = null);
