namespace Rapport.Core.Marketing.Journeys;

/// <summary>Walking the steps, done (ended or past the last step), or stopped (consent withdrawn, customer deleted).</summary>
public enum JourneyMemberState { Active, Done, Stopped }

/// <summary>A customer in a journey: the step they are at and when it runs. Enrolled set-based (once per journey, only
/// with consent when the journey sends email); advanced by the journey job.</summary>
public sealed class JourneyMember
{
    public Guid JourneyId { get; init; }
    public Guid CustomerId { get; init; }
    public string? Email { get; init; }
    public JourneyMemberState State { get; set; }
    /// <summary>The step to run next (1-based).</summary>
    public int Step { get; set; } = 1;
    public DateTime? NextRunAt { get; set; }
    public DateTime EnrolledAt { get; init; }
    /// <summary>The campaign of the last email step that ran for them: what a branch asks about.</summary>
    public Guid? LastCampaignId { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? StopReason { get; set; }

    public const int StopReasonMax = 50;

    public void End(DateTime now, JourneyMemberState state, string? reason = null) =>
        (State, EndedAt, NextRunAt, StopReason) = (state, now, null, reason);
}
