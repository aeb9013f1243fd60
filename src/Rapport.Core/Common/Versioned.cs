namespace Rapport.Core.Common;

/// <summary>A record that carries who made it and when, when it last changed, and a version for optimistic
/// concurrency (the ETag); <see cref="Touch"/> marks a change.</summary>
public abstract class Versioned
{
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; private set; } = 1;

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }
}
