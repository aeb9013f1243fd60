namespace Rapport.Server.Cli.Demo;

/// <summary>The time the demo's records are made at: the seeder moves it through the past year, step by step, so a
/// deal is created, moved, quoted and won on believable days. Never later than the real clock.</summary>
internal sealed class DemoClock(TimeProvider real) : TimeProvider
{
    private DateTimeOffset _now = real.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Sets the time; a moment after the real now is held at the real now.</summary>
    public void Set(DateTime utc)
    {
        var now = real.GetUtcNow();
        var at = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        _now = at > now ? now : at;
    }
}
