namespace Rapport.Core.Quality;

/// <summary>One customer of a candidate pair, as the review list shows it.</summary>
public sealed record DuplicateSide(Guid Id, string Number, string Name, Guid? OwnerId, DateTime CreatedAt);

/// <summary>A candidate pair on the review list: its score (0–100) and the keys the two share.</summary>
public sealed record DuplicatePairItem(Guid Id, int Score, IReadOnlyList<string> Reasons, DuplicateSide A, DuplicateSide B);

/// <summary>What a duplicate scan did.</summary>
public sealed record DuplicateScanResult(int Backfilled, int Found, int Added, int Removed);
