using Rapport.Core.Operations;

namespace Rapport.Server.Jobs;

/// <summary>The scheduler's lines on the system page: the jobs whose latest run failed, and the paused ones.</summary>
internal sealed class JobsSystemFact(JobBoard board) : ISystemFact
{
    public async Task<IReadOnlyList<SystemFact>> ReadAsync(CancellationToken ct)
    {
        var jobs = await board.ListAsync(ct);
        var failing = jobs.Where(j => j.LastRun is { Succeeded: false }).Select(j => j.Name).ToList();
        var paused = jobs.Where(j => j.Paused).Select(j => j.Name).ToList();
        return
        [
            new("Ui.JobsFailing", failing.Count == 0 ? "0" : string.Join(", ", failing), failing.Count == 0 ? SystemFactState.Ok : SystemFactState.Warning),
            new("Ui.JobsPaused", paused.Count == 0 ? "0" : string.Join(", ", paused), paused.Count == 0 ? SystemFactState.Info : SystemFactState.Warning),
        ];
    }
}
