namespace Rapport.Core.Audit;

/// <summary>One audited event: who did what to which record, from where, with field-level before/after values.
/// <see cref="ChainSeq"/>, <see cref="PrevHash"/> and <see cref="Hash"/> are filled by <see cref="AuditChain"/>
/// moments after the entry is written; from then on any change to the row breaks the chain.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>UTC, truncated to microseconds so both databases store exactly what was hashed.</summary>
    public DateTime At { get; init; }
    public Guid? UserId { get; init; }
    public string? UserName { get; init; }
    public string? IpAddress { get; init; }
    public string? UserAgent { get; init; }
    /// <summary><c>customer.created</c>, <c>auth.signin.failed</c>, <c>pii.revealed</c>, …</summary>
    public required string Action { get; init; }
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    /// <summary>JSON: for data changes <c>{"field": {"before": …, "after": …}}</c>; for events, their details.</summary>
    public string? Changes { get; init; }

    public long? ChainSeq { get; set; }
    public string? PrevHash { get; set; }
    public string? Hash { get; set; }
}

/// <summary>Where verification starts after old entries were pruned: the last pruned entry's sequence and hash.</summary>
public sealed class AuditCheckpoint
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public long ChainSeq { get; init; }
    public required string Hash { get; init; }
    public DateTime CreatedAt { get; init; }
    public int Pruned { get; init; }
}

/// <summary>A property whose value never appears in the audit log (shown as ***).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SensitiveAttribute : Attribute;
