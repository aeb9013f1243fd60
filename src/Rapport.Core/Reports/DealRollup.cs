namespace Rapport.Core.Reports;

/// <summary>How much time one <see cref="DealRollup"/> row covers: a UTC day, or a UTC month (every deal counts in one
/// row of each).</summary>
public enum RollupGrain { Day, Month }

/// <summary>Deals counted and summed per UTC day and per UTC month of creation, owner, stage, currency and open or
/// closed: what the report engine reads instead of a million deals when a report asks only for these (ADR-045). Kept
/// by database triggers on deals and customers (so every write path counts, bulk SQL and imports included), deals of
/// customers in the recycle bin left out; <see cref="DealRollupSchema"/> creates the triggers and rebuilds it.</summary>
public sealed class DealRollup
{
    public RollupGrain Grain { get; init; }

    /// <summary>The UTC day the deals were created on, or the first day of their UTC month.</summary>
    public DateOnly Day { get; init; }

    /// <summary>The deals' owner, or <see cref="Guid.Empty"/> for deals without one (a key column cannot be null).</summary>
    public Guid OwnerKey { get; init; }

    public Guid StageId { get; init; }
    public required string Currency { get; init; }

    /// <summary>Whether the deals are open (not closed).</summary>
    public bool Open { get; init; }

    /// <summary>How many deals; a row whose deals all went keeps 0 until the next rebuild.</summary>
    public long Count { get; init; }

    public long AmountMinor { get; init; }
}
