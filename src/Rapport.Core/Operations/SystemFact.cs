namespace Rapport.Core.Operations;

/// <summary>How a fact on the system page looks: neutral, fine, worth a look, or wrong.</summary>
public enum SystemFactState { Info, Ok, Warning, Error }

/// <summary>One line on the system page. <see cref="Label"/> is a key of <c>strings.tsv</c> (shown in the reader's
/// language); <see cref="Value"/> is shown as it is (a number, a time in ISO form, a short status word).</summary>
public sealed record SystemFact(string Label, string Value, SystemFactState State = SystemFactState.Info, DateTime? At = null);

/// <summary>A module's lines on the system page (jobs: their states; backups: the last backup). Register a scoped
/// implementation with <c>services.AddScoped&lt;ISystemFact, MyFacts&gt;()</c>; the page collects every one from DI,
/// so a module adds its lines without editing the page. A contributor that throws shows as one error line.</summary>
public interface ISystemFact
{
    Task<IReadOnlyList<SystemFact>> ReadAsync(CancellationToken ct);
}
