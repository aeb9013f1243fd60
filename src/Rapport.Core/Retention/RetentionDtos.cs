namespace Rapport.Core.Retention;

/// <summary>One record a policy would remove now: its id, what a person recognises it by, and the date its age runs from.</summary>
public sealed record RetentionSample(Guid Id, string Label, DateTime At);

/// <summary>What a policy would remove if applied now: the count (capped at <see cref="Keyset.TotalCap"/>) and the
/// ten oldest.</summary>
public sealed record RetentionPreview(
    string Policy, bool Enabled, int After, RetentionUnit Unit, int Min, DateTime Cutoff, long Count, bool Capped,
    IReadOnlyList<RetentionSample> Sample);

public sealed record RetentionRunDto(Guid Id, string Policy, DateTime StartedAt, DateTime FinishedAt, DateTime Cutoff, int Count, Guid? ById);
