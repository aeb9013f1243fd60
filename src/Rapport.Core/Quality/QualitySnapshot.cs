namespace Rapport.Core.Quality;

/// <summary>The data-quality figures over every record, as a nightly job (or an administrator's refresh) took them: at a
/// million customers the ten COUNTs and the quartiles take seconds, so whoever sees every record reads the latest snapshot
/// instead of counting on each page view. Only the newest is kept.</summary>
public sealed class QualitySnapshot
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTime TakenAt { get; init; }
    /// <summary>The <see cref="QualityOverview"/> as JSON.</summary>
    public required string Overview { get; init; }
}
