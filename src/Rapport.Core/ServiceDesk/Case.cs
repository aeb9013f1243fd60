namespace Rapport.Core.ServiceDesk;

public enum CaseType { Inquiry, Complaint, Request, Incident }

/// <summary>How the case reached the desk.</summary>
public enum CaseChannel { Phone, Email, WebForm, Portal, Chat, Api }

/// <summary>New → open → pending customer → resolved → closed; a resolved or closed case may reopen within the
/// reopen window.</summary>
public enum CaseStatus { New, Open, PendingCustomer, Resolved, Closed }

/// <summary>A customer's inquiry, complaint, request or incident, worked by an owner in a queue (a team) through a
/// conversation of public replies and internal notes.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The CRM's word for it (CONVENTIONS.md); Rapport has no VB consumers.")]
public sealed class Case : AuditedEntity, ISearchable
{
    public const int NumberMax = 40;
    public const int SubjectMax = 200;
    public const int DescriptionMax = 8000;
    public const int ResolutionMax = 2000;
    public const int TagMax = 50;
    public const int TagsMax = 20;
    public const int RatingCommentMax = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    private string _number = "";

    /// <summary>Given when the case is made; an import numbers its new cases only when it writes them
    /// (<see cref="Numbered"/>), reserving the whole batch's numbers at once.</summary>
    public required string Number { get => _number; init => _number = value; }
    public CaseType Type { get; set; }
    public required string Subject { get; set; }
    public string? Description { get; set; }
    public Guid CustomerId { get; set; }
    public Customers.Customer? Customer { get; init; }
    public Guid? ContactId { get; set; }
    public CaseChannel Channel { get; set; }
    public Guid? CategoryId { get; set; }
    public CasePriority Priority { get; set; } = CasePriority.Normal;
    public CaseStatus Status { get; private set; }
    public Guid? OwnerId { get; set; }
    /// <summary>The team whose queue holds the case.</summary>
    public Guid? QueueId { get; set; }
    public DateTime? FirstResponseAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public string? ResolutionNote { get; private set; }
    /// <summary>Set when this case was merged into another as a duplicate: it is closed, and its conversation shows on the target.</summary>
    public Guid? MergedIntoId { get; private set; }
    /// <summary>Filled by the SLA policy (a later slice); a queue sorts by it.</summary>
    public DateTime? FirstResponseDueAt { get; set; }
    public DateTime? ResolutionDueAt { get; set; }
    /// <summary>The SLA policy whose targets set the due times (the oldest active one when the case was created or re-targeted).</summary>
    public Guid? SlaPolicyId { get; set; }
    /// <summary>When the case began waiting on the customer: its SLA clock is paused until it opens again.</summary>
    public DateTime? PausedAt { get; private set; }
    /// <summary>Set by the breach sweep when the first-response due time passed without a response.</summary>
    public DateTime? FirstResponseBreachedAt { get; set; }
    /// <summary>Set by the breach sweep when the resolution due time passed with the case still active.</summary>
    public DateTime? ResolutionBreachedAt { get; set; }
    /// <summary>When the first-response and resolution targets reach the policy's warning percentage (set with the due times).</summary>
    public DateTime? FirstResponseWarnAt { get; set; }
    public DateTime? ResolutionWarnAt { get; set; }
    /// <summary>Set by the sweep when a target reached its warning point (once per target, like the breach stamps).</summary>
    public DateTime? FirstResponseWarnedAt { get; set; }
    public DateTime? ResolutionWarnedAt { get; set; }
    /// <summary>The next-update target: once the desk has answered, the customer hears from it again within the
    /// policy's next-update time of business hours. Every public reply restarts it (clearing its stamps), waiting on
    /// the customer stops it, and the customer's answer restarts it from then; null while it does not run.</summary>
    public DateTime? NextUpdateDueAt { get; set; }
    public DateTime? NextUpdateWarnAt { get; set; }
    /// <summary>When the running next-update period began (the last public reply, or the customer's answer): a
    /// re-targeted case (priority or category changed) counts its new next-update time from here.</summary>
    public DateTime? NextUpdateFrom { get; set; }
    /// <summary>Stamped by the sweep for the running next-update period (cleared when a reply restarts it).</summary>
    public DateTime? NextUpdateWarnedAt { get; set; }
    public DateTime? NextUpdateBreachedAt { get; set; }
    /// <summary>How many next-update periods of this case have breached (the stamp above is only the running one's).</summary>
    public int NextUpdateBreaches { get; set; }

    /// <summary>The customer's 1–5 rating of how the case went, given on the portal once it is resolved or closed.</summary>
    public int? Rating { get; private set; }
    public string? RatingComment { get; private set; }
    public DateTime? RatedAt { get; private set; }
    /// <summary>The customer's language (<c>en</c>, <c>zh-CN</c>) when known (a web form remembers the visitor's): the
    /// mail that carries the portal link is written in it.</summary>
    public string? Language { get; set; }

    public List<CaseTag> Tags { get; init; } = [];

    /// <summary>Lower-cased number and subject: what the free-text filter matches.</summary>
    public string SearchText { get; private set; } = "";

    /// <summary>The queue order as one sortable key: the resolution due time (none: last), then the priority (urgent
    /// first); the id (time-ordered) breaks ties by age. One key, so queues page by keyset over one index.</summary>
    public string QueueOrder { get; private set; } = "";

    string ISearchable.Name => Subject;

    protected internal override void OnSaving()
    {
        SearchText = $"{Number} {Subject}".ToLowerInvariant();
        QueueOrder = OrderKey(ResolutionDueAt, Priority);
    }

    /// <summary>See <see cref="QueueOrder"/>.</summary>
    public static string OrderKey(DateTime? due, CasePriority priority) =>
        (due?.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) ?? "99999999999999")
        + (CasePriority.Urgent - priority).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An agent takes it up, or the customer answered: new or pending customer → open.</summary>
    public void Open()
    {
        Status = Checked([CaseStatus.New, CaseStatus.PendingCustomer], CaseStatus.Open);
        PausedAt = null;
    }

    /// <summary>Waiting for the customer's answer: new or open → pending customer.</summary>
    public void WaitOnCustomer(DateTime now)
    {
        Status = Checked([CaseStatus.New, CaseStatus.Open], CaseStatus.PendingCustomer);
        PausedAt = now;
    }

    /// <summary>Solved: new, open or pending customer → resolved, with an optional note on how.</summary>
    public void Resolve(string? note, DateTime now)
    {
        var clean = TextInput.Clean(note);
        if (clean is { Length: > ResolutionMax }) throw RapportValidationException.For("note", "Validation.TooLong", ResolutionMax);
        Status = Checked([CaseStatus.New, CaseStatus.Open, CaseStatus.PendingCustomer], CaseStatus.Resolved);
        (ResolvedAt, ResolutionNote) = (now, clean);
    }

    /// <summary>Resolved → closed.</summary>
    public void Close(DateTime now)
    {
        Status = Checked([CaseStatus.Resolved], CaseStatus.Closed);
        ClosedAt = now;
    }

    /// <summary>Resolved or closed → open again, only within <paramref name="window"/> of its resolution, and never
    /// for a case merged into another (the target carries on).</summary>
    public void Reopen(DateTime now, TimeSpan window)
    {
        if (MergedIntoId is not null) throw RapportValidationException.For("status", "Validation.CaseMerged");
        var to = Checked([CaseStatus.Resolved, CaseStatus.Closed], CaseStatus.Open);
        if ((ResolvedAt ?? ClosedAt) is { } since && now - since > window)
            throw RapportValidationException.For("status", "Validation.CaseReopenWindow", (int)window.TotalDays);
        (Status, ResolvedAt, ClosedAt, ResolutionNote, PausedAt) = (to, null, null, null, null);
    }

    /// <summary>The first public reply to the customer; later ones change nothing. A new case is open from then on.</summary>
    public void Responded(DateTime now)
    {
        FirstResponseAt ??= now;
        if (Status == CaseStatus.New) Status = CaseStatus.Open;
    }

    /// <summary>Closes this case as a duplicate of <paramref name="target"/>, whatever its state (bar merged already).</summary>
    public void MergeInto(Case target, DateTime now)
    {
        if (target.Id == Id) throw RapportValidationException.For("targetId", "Validation.CaseMergeSelf");
        if (MergedIntoId is not null) throw RapportValidationException.For("status", "Validation.CaseMerged");
        if (target.MergedIntoId is not null) throw RapportValidationException.For("targetId", "Validation.CaseMerged");
        (Status, MergedIntoId) = (CaseStatus.Closed, target.Id);
        ClosedAt ??= now;
    }

    /// <summary>The customer rates the case (1–5, an optional comment): only once it is resolved or closed; rating again
    /// replaces the earlier rating.</summary>
    public void Rate(int rating, string? comment, DateTime now)
    {
        var errors = new List<FieldError>();
        if (rating is < 1 or > 5) errors.Add(new("rating", "Validation.Range", 1, 5));
        var clean = TextInput.Clean(comment);
        TextInput.CheckLength(errors, "comment", clean, RatingCommentMax);
        if (IsActive) errors.Add(new("status", "Validation.CaseNotResolved"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        (Rating, RatingComment, RatedAt) = (rating, clean, now);
    }

    public void ReplaceTags(IEnumerable<string> tags)
    {
        var wanted = tags.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Tags.RemoveAll(t => !wanted.Contains(t.Name));
        foreach (var t in wanted.Where(t => !Tags.Any(x => string.Equals(x.Name, t, StringComparison.OrdinalIgnoreCase))))
            Tags.Add(new CaseTag { CaseId = Id, Name = t });
    }

    /// <summary>An imported case made without a number gets its number as the batch is written.</summary>
    internal void Numbered(string number)
    {
        if (_number.Length > 0) throw new InvalidOperationException("The case has a number already.");
        _number = number;
    }

    /// <summary>An import's undo puts the case back in the state it found it in (whatever the transitions allow).</summary>
    internal void ReturnTo(CaseStatus status, DateTime? resolvedAt, DateTime? closedAt, string? resolutionNote, DateTime? pausedAt) =>
        (Status, ResolvedAt, ClosedAt, ResolutionNote, PausedAt) = (status, resolvedAt, closedAt, resolutionNote, pausedAt);

    /// <summary>Whether the case is still being worked (its content may change).</summary>
    public bool IsActive => Status is not (CaseStatus.Resolved or CaseStatus.Closed);

    private CaseStatus Checked(CaseStatus[] from, CaseStatus to) =>
        from.Contains(Status) ? to : throw RapportValidationException.For("status", "Validation.CaseTransition", Status, to);
}
