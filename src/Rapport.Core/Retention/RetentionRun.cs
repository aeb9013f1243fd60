namespace Rapport.Core.Retention;

/// <summary>One application of one retention policy: when, by whom (null for the nightly job), the cutoff it used
/// and how many records it removed (or, for mail, emptied).</summary>
public sealed class RetentionRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Policy { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime FinishedAt { get; set; }
    public DateTime Cutoff { get; init; }
    public int Count { get; set; }
    public Guid? ById { get; init; }
}
