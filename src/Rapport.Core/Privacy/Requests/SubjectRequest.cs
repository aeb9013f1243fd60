namespace Rapport.Core.Privacy.Requests;

/// <summary>The right a data subject exercises (GDPR arts. 15–21, PIPL arts. 44–47).</summary>
public enum SubjectRequestType { Access, Rectification, Erasure, Restriction, Portability, Objection }

/// <summary>The law whose deadline applies: GDPR one month (art. 12(3)), PIPL the days the company set.</summary>
public enum PrivacyRegime { Gdpr, Pipl }

/// <summary>Unverified (a public form whose email link was not opened yet) → received → verifying → in progress →
/// completed, or refused with a reason from any open status.</summary>
public enum SubjectRequestStatus { Unverified, Received, Verifying, InProgress, Completed, Refused }

/// <summary>A data subject's request about their personal data, with its deadline, who works it and what was done.</summary>
public sealed class SubjectRequest : AuditedEntity
{
    public const int NameMax = 200;
    public const int NotesMax = 4000;
    public const int ReasonMax = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public SubjectRequestType Type { get; init; }
    public PrivacyRegime Regime { get; init; }
    public SubjectRequestStatus Status { get; private set; }
    /// <summary>The customer the request is about, when known; the email and phone find contacts and leads too.</summary>
    public Guid? CustomerId { get; set; }
    public Customers.Customer? Customer { get; init; }
    public string? SubjectName { get; set; }
    /// <summary>Lower-cased.</summary>
    public string? Email { get; set; }
    /// <summary>E.164.</summary>
    public string? Phone { get; set; }
    /// <summary>The subject's language (<c>en</c>, <c>zh-CN</c>): the access ZIP's README and the mails are in it.</summary>
    public string Language { get; init; } = "en";
    /// <summary>Came through the public form (the subject's email verified by a signed link) rather than from an agent.</summary>
    public bool FromPublicForm { get; init; }
    public DateTime? ReceivedAt { get; private set; }
    /// <summary>The legal deadline, from <see cref="ReceivedAt"/> and the regime.</summary>
    public DateTime? DueAt { get; private set; }
    public Guid? AssigneeId { get; set; }
    public string? Notes { get; set; }
    public string? RefusalReason { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    /// <summary>JSON: per table what an erasure changed, and what it kept and why (the request's own record of it).</summary>
    public string? Outcome { get; private set; }
    /// <summary>The access/portability ZIP kept for the request (an attachment in the shared store).</summary>
    public Guid? ExportId { get; private set; }
    public long? ExportSize { get; private set; }
    public DateTime? ExportedAt { get; private set; }

    public bool IsOpen => Status is not (SubjectRequestStatus.Completed or SubjectRequestStatus.Refused);

    /// <summary>The request counts from now: its deadline is set by the regime.</summary>
    public void Receive(DateTime now, int piplDays)
    {
        if (Status != SubjectRequestStatus.Unverified || ReceivedAt is not null) return;
        Status = SubjectRequestStatus.Received;
        ReceivedAt = now;
        DueAt = Regime == PrivacyRegime.Gdpr ? now.AddMonths(1) : now.AddDays(piplDays);
    }

    /// <summary>A move by an agent along received → verifying → in progress → completed; refused needs a reason.</summary>
    public void MoveTo(SubjectRequestStatus to, string? reason, DateTime now)
    {
        var allowed = (Status, to) switch
        {
            (SubjectRequestStatus.Received, SubjectRequestStatus.Verifying or SubjectRequestStatus.InProgress) => true,
            (SubjectRequestStatus.Verifying, SubjectRequestStatus.InProgress) => true,
            (SubjectRequestStatus.InProgress, SubjectRequestStatus.Completed) => true,
            (SubjectRequestStatus.Received or SubjectRequestStatus.Verifying or SubjectRequestStatus.InProgress, SubjectRequestStatus.Refused) => true,
            _ => false,
        };
        if (!allowed) throw RapportValidationException.For("status", "Privacy.BadMove", Status, to);
        if (to == SubjectRequestStatus.Refused)
        {
            if (string.IsNullOrWhiteSpace(reason)) throw RapportValidationException.For("reason", "Validation.Required");
            RefusalReason = reason;
        }
        Status = to;
        if (!IsOpen) ClosedAt = now;
    }

    /// <summary>Work (an export, an erasure) happens only on a verified, open request; it moves a received one on.</summary>
    public void CheckWorkable()
    {
        if (Status is SubjectRequestStatus.Unverified || !IsOpen) throw RapportValidationException.For("status", "Privacy.NotWorkable", Status);
        if (Status is SubjectRequestStatus.Received or SubjectRequestStatus.Verifying) Status = SubjectRequestStatus.InProgress;
    }

    public void RecordExport(Guid id, long size, DateTime at) => (ExportId, ExportSize, ExportedAt) = (id, size, at);

    public void RecordOutcome(string json) => Outcome = json;
}
