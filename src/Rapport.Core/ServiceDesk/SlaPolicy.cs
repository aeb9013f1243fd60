using Rapport.Core.Customers;

namespace Rapport.Core.ServiceDesk;

/// <summary>The three clocks a case runs against.</summary>
public enum SlaTargetKind { FirstResponse, NextUpdate, Resolution }

/// <summary>What the breach job does when a target of a case reaches its warning point or its due time.</summary>
public enum SlaEscalationAction { NotifyOwner, NotifyQueueLead, RaisePriority, MoveToQueue }

/// <summary>When an escalation fires: at the warning percentage or at the breach.</summary>
public enum SlaEscalationTrigger { Warning, Breach }

/// <summary>One row of a policy's matrix: for a priority, optionally only for one customer tier and/or one case
/// category, the targets in business minutes (null: no such target) and the percentage of a target after which it
/// shows as a warning.</summary>
public sealed record SlaTarget(CasePriority Priority, ValueTier? Tier, Guid? CategoryId,
    int? FirstResponseMinutes, int? NextUpdateMinutes, int? ResolutionMinutes, int WarningPercent = 80)
{
    /// <summary>How specific the row is: a category counts more than a tier, any match more than none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Specificity => (CategoryId is null ? 0 : 2) + (Tier is null ? 0 : 1);

    public bool Matches(CasePriority priority, ValueTier tier, Guid? categoryId) =>
        Priority == priority && (Tier is null || Tier == tier) && (CategoryId is null || CategoryId == categoryId);

    public int? MinutesFor(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => FirstResponseMinutes,
        SlaTargetKind.NextUpdate => NextUpdateMinutes,
        _ => ResolutionMinutes,
    };
}

/// <summary>An action the breach job runs for a target at its warning point or breach; <c>QueueId</c> only for
/// <see cref="SlaEscalationAction.MoveToQueue"/>.</summary>
public sealed record SlaEscalation(SlaTargetKind Target, SlaEscalationTrigger When, SlaEscalationAction Action, Guid? QueueId = null);

/// <summary>Service-level targets on a business-hours calendar: a matrix of priority × customer tier (× case
/// category) giving first-response, next-update and resolution targets, and the escalations to run.</summary>
public sealed class SlaPolicy : AuditedEntity
{
    public const int NameMax = 100;
    public const int MaxTargets = 200;
    public const int MaxEscalations = 20;
    /// <summary>A year of minutes: the longest target.</summary>
    public const int MaxMinutes = 366 * 24 * 60;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Guid CalendarId { get; set; }
    public BusinessCalendar? Calendar { get; init; }
    public bool IsActive { get; set; } = true;
    public List<SlaTarget> Targets { get; private set; } = [];
    public List<SlaEscalation> Escalations { get; private set; } = [];

    /// <summary>The most specific row for a case: category + priority + tier, then category + priority, then
    /// priority + tier, then priority alone; null when the policy has none for the priority.</summary>
    public SlaTarget? TargetFor(CasePriority priority, ValueTier tier, Guid? categoryId) =>
        Targets.Where(t => t.Matches(priority, tier, categoryId)).OrderByDescending(t => t.Specificity).FirstOrDefault();

    /// <summary>Replaces the matrix and the escalations after checking them: one row per priority, tier and
    /// category; each row with at least one target; targets of 1 minute to a year; warnings at 1–99 %.</summary>
    public void Define(IReadOnlyList<SlaTarget> targets, IReadOnlyList<SlaEscalation> escalations)
    {
        var errors = new List<FieldError>();
        // A JSON body may carry null entries.
        var nulls = targets.Select((t, i) => (t is null, $"targets[{i}]")).Concat(escalations.Select((e, i) => (e is null, $"escalations[{i}]")))
            .Where(x => x.Item1).Select(x => new FieldError(x.Item2, "Validation.Required")).ToList();
        if (nulls.Count > 0) throw new RapportValidationException(nulls);
        if (targets.Count == 0) errors.Add(new FieldError("targets", "Validation.Required"));
        if (targets.Count > MaxTargets) errors.Add(new FieldError("targets", "Validation.TooMany", MaxTargets));
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            if (!Enum.IsDefined(t.Priority)) errors.Add(new FieldError($"targets[{i}].priority", "Validation.Invalid"));
            if (t.Tier is { } tier && !Enum.IsDefined(tier)) errors.Add(new FieldError($"targets[{i}].tier", "Validation.Invalid"));
            if (t.FirstResponseMinutes is null && t.NextUpdateMinutes is null && t.ResolutionMinutes is null)
                errors.Add(new FieldError($"targets[{i}]", "Validation.NoTarget"));
            foreach (var kind in Enum.GetValues<SlaTargetKind>())
                if (t.MinutesFor(kind) is { } m && m is < 1 or > MaxMinutes)
                    errors.Add(new FieldError($"targets[{i}].{char.ToLowerInvariant(kind.ToString()[0])}{kind.ToString()[1..]}Minutes", "Validation.Range", 1, MaxMinutes));
            if (t.WarningPercent is < 1 or > 99) errors.Add(new FieldError($"targets[{i}].warningPercent", "Validation.Range", 1, 99));
            if (targets.Take(i).Any(o => o.Priority == t.Priority && o.Tier == t.Tier && o.CategoryId == t.CategoryId))
                errors.Add(new FieldError($"targets[{i}]", "Validation.TargetTwice"));
        }
        if (escalations.Count > MaxEscalations) errors.Add(new FieldError("escalations", "Validation.TooMany", MaxEscalations));
        for (var i = 0; i < escalations.Count; i++)
        {
            var e = escalations[i];
            if (!Enum.IsDefined(e.Target) || !Enum.IsDefined(e.When) || !Enum.IsDefined(e.Action))
                errors.Add(new FieldError($"escalations[{i}]", "Validation.Invalid"));
            if ((e.Action == SlaEscalationAction.MoveToQueue) != (e.QueueId is not null))
                errors.Add(new FieldError($"escalations[{i}].queueId", "Validation.EscalationQueue"));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        Targets = [.. targets];
        Escalations = [.. escalations];
    }
}
