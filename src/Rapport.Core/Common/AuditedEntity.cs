namespace Rapport.Core.Common;

/// <summary>A record that carries who made it and when, who changed it last and when, and a version for optimistic
/// concurrency (the ETag). Nobody writes these by hand: <see cref="Data.StampInterceptor"/> stamps them on every save.</summary>
public abstract class AuditedEntity
{
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
    public DateTime UpdatedAt { get; init; }
    public Guid? UpdatedById { get; init; }

    /// <summary>Optimistic concurrency token, exposed as the ETag; bumped once per save that changes the record.</summary>
    public long Version { get; private set; } = 1;

    /// <summary>Throws <see cref="ConcurrencyConflictException"/> (412 with the current version) when the caller expected
    /// another version, i.e. sent a stale If-Match; no expectation lets the write through.</summary>
    public void ExpectVersion(long? expected, string entity, Guid id)
    {
        if (expected is { } v && v != Version) throw new ConcurrencyConflictException(entity, id, Version);
    }

    /// <summary>Called before the record is stamped on a save that adds or changes it, to refresh what is derived
    /// from its other fields (e.g. the search text).</summary>
    protected internal virtual void OnSaving() { }
}
