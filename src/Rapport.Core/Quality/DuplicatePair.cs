namespace Rapport.Core.Quality;

public enum DuplicatePairStatus { Open, Dismissed, Merged }

/// <summary>Two records of one <see cref="Kind"/> (customers, contacts or leads) the duplicate scan found sharing a
/// blocking key, with its score; a reviewer dismisses the pair ("not a duplicate", remembered so later scans do not
/// bring it back) or merges it. <see cref="AId"/> is always the smaller id, so a pair is stored once.</summary>
public sealed class DuplicatePair
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DuplicateKind Kind { get; init; }
    public Guid AId { get; init; }
    public Guid BId { get; init; }
    public int Score { get; private set; }
    public DuplicateReasons Reasons { get; private set; }
    public DuplicatePairStatus Status { get; private set; }
    public DateTime FoundAt { get; init; }
    public DateTime? DecidedAt { get; private set; }
    public Guid? DecidedById { get; private set; }

    public static (Guid A, Guid B) Order(Guid x, Guid y) => x.CompareTo(y) < 0 ? (x, y) : (y, x);

    public void Rescore(DuplicateReasons reasons, int score)
    {
        Reasons = reasons;
        Score = score;
    }

    public void Dismiss(DateTime now, Guid? by) => Decide(DuplicatePairStatus.Dismissed, now, by);

    public void Merged(DateTime now, Guid? by) => Decide(DuplicatePairStatus.Merged, now, by);

    /// <summary>Back to the review list (a merge was undone).</summary>
    public void Reopen() => Decide(DuplicatePairStatus.Open, null, null);

    private void Decide(DuplicatePairStatus status, DateTime? at, Guid? by)
    {
        Status = status;
        DecidedAt = at;
        DecidedById = by;
    }
}
