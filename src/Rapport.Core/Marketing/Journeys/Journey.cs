namespace Rapport.Core.Marketing.Journeys;

/// <summary>Draft (steps editable) → active (the job advances its members) ⇄ paused → finished.</summary>
public enum JourneyStatus { Draft, Active, Paused, Finished }

/// <summary>
/// A marketing journey: who enters (the customers of a segment, or a campaign's members) and the ordered steps each of
/// them walks through — send an email, wait, branch on whether they opened or clicked the last email, create a task for
/// the customer's owner, add or remove a tag, end. Branches only jump forward, so every member's walk ends.
/// </summary>
public sealed class Journey : AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Entry audience: a segment (read in the activating user's record scope)…</summary>
    public Guid? SegmentId { get; set; }
    /// <summary>…or the members of a campaign.</summary>
    public Guid? CampaignId { get; set; }
    public Guid? OwnerId { get; set; }
    public JourneyStatus Status { get; private set; }
    public DateTime? ActivatedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }

    public List<JourneyStep> Steps { get; init; } = [];

    public const int NameMax = 200;
    public const int StepsMax = 50;

    /// <summary>Steps are edited only before the first member enters: afterwards a member's place would change meaning.</summary>
    public void RequireDraft()
    {
        if (Status != JourneyStatus.Draft) throw RapportValidationException.For("status", "Journey.NotDraft");
    }

    /// <summary>Draft or paused → active: members are enrolled and advanced by the job.</summary>
    public void Activate(DateTime now)
    {
        if (Steps.Count == 0) throw RapportValidationException.For("steps", "Journey.NoSteps");
        Status = Checked([JourneyStatus.Draft, JourneyStatus.Paused], JourneyStatus.Active);
        ActivatedAt ??= now;
    }

    /// <summary>Active → paused: nobody moves until it is activated again.</summary>
    public void Pause() => Status = Checked([JourneyStatus.Active], JourneyStatus.Paused);

    /// <summary>Active or paused → finished: nobody moves any more.</summary>
    public void Finish(DateTime now)
    {
        Status = Checked([JourneyStatus.Active, JourneyStatus.Paused], JourneyStatus.Finished);
        FinishedAt = now;
    }

    private JourneyStatus Checked(JourneyStatus[] from, JourneyStatus to) =>
        from.Contains(Status) ? to : throw RapportValidationException.For("status", "Journey.Transition", Status, to);
}
