namespace Rapport.Core.Marketing.Journeys;

/// <summary>That a step ran for a member, once: the key (journey, customer, step) makes a second run impossible, and
/// the per-step counts ("passed") read these rows.</summary>
public sealed class JourneyStepRun
{
    public Guid JourneyId { get; init; }
    public Guid CustomerId { get; init; }
    public int Step { get; init; }
    public DateTime RanAt { get; init; }
}
