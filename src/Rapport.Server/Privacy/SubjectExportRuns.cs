using System.Collections.Concurrent;
using Rapport.Core.Privacy.Requests;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Privacy;

/// <summary>Where the access ZIP of a request stands, for the agents working it: <c>running</c> (tables and rows
/// written so far), <c>done</c>, <c>failed</c> (why), or <c>none</c> (never made, or made before this node's last start
/// and not since); <see cref="Download"/> once the request holds a ZIP (the last complete one while a new one runs).</summary>
public sealed record SubjectExportRunDto(Guid RequestId, string State, int Tables, int TablesDone, long Rows, int Percent, string? Error,
    DateTime? StartedAt, DateTime? ExportedAt, string? Download);

/// <summary>
/// The access / portability ZIPs being made, by request, in this node's memory: the ExportRuns pattern (ADR-035) for a
/// file that is kept with its request. A run is one call of <see cref="SubjectRequestService.MakeExportAsync"/> in a scope
/// of its own signed in as the agent who started it (so the ZIP and its audit entry are theirs), which streams the ZIP
/// into the request's file and counts its rows and tables as it goes. One run per request at a time. A finished run is
/// remembered for <see cref="Keep"/>; its result stays on the request (see ADR-043).
/// </summary>
public sealed class SubjectExportRuns(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SubjectExportRuns> log) : IDisposable
{
    public static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    private sealed class Run(DateTime startedAt)
    {
        public DateTime StartedAt { get; } = startedAt;
        public SubjectExportProgress Progress { get; } = new();
        public volatile string State = "running";
        public string? Error;
        public Task Work = Task.CompletedTask;
    }

    private readonly ConcurrentDictionary<Guid, Run> _runs = new();
    private readonly Lock _claim = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Claims the request (refused while its ZIP is being made: before anything is written), lets
    /// <paramref name="begin"/> check and move the request within the caller's own request, then makes the ZIP in the
    /// background as <paramref name="principal"/>. Returns what <paramref name="begin"/> answered.</summary>
    public async Task<SubjectRequestDto> StartAsync(Guid requestId, ClaimsPrincipal principal, UserAccess access, CircuitInfo info,
        Func<Task<SubjectRequestDto>> begin)
    {
        Prune();
        var run = new Run(clock.GetUtcNow().UtcDateTime);
        Run? previous;
        lock (_claim)
        {
            if (_runs.TryGetValue(requestId, out previous) && previous.State == "running")
                throw RapportValidationException.For("export", "Privacy.ExportRunning");
            _runs[requestId] = run;
        }
        SubjectRequestDto started;
        try
        {
            started = await begin();
        }
        catch
        {
            lock (_claim)
            {
                if (previous is null) _runs.TryRemove(new KeyValuePair<Guid, Run>(requestId, run));
                else _runs.TryUpdate(requestId, previous, run);
            }
            throw;
        }
        var ct = _stopping.Token;
        run.Work = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<CircuitCaller>().Set(principal, access, info);
                await scope.ServiceProvider.GetRequiredService<SubjectRequestService>().MakeExportAsync(requestId, run.Progress, ct);
                run.State = "done";
            }
            catch (Exception e)
            {
                log.LogWarning(e, "The access ZIP of subject request {RequestId} failed", requestId);
                run.Error = e is OperationCanceledException ? "cancelled" : e.GetType().Name;
                run.State = "failed";
            }
        }, CancellationToken.None);
        return started;
    }

    /// <summary>The run of a request as its page and the API show it, with what the request holds (read by
    /// <paramref name="read"/>, which checks the caller may see it). The run is looked at first: a run seen done has
    /// recorded its ZIP on the request before the request is read, so its download is there.</summary>
    public async Task<SubjectExportRunDto> ProgressAsync(Guid requestId, Func<Task<SubjectRequestDto>> read)
    {
        _runs.TryGetValue(requestId, out var run);
        var state = run?.State;
        var (tables, rows, error) = run is null ? (0, 0L, null) : (run.Progress.Tables, run.Progress.Rows, run.Error);
        var request = await read();
        var download = request.HasExport ? $"/api/v1/privacy/requests/{request.Id}/export" : null;
        if (run is null || state is null)
            return new(request.Id, request.HasExport ? "done" : "none", SubjectAccessExport.TableCount, request.HasExport ? SubjectAccessExport.TableCount : 0,
                0, request.HasExport ? 100 : 0, null, null, request.ExportedAt, download);
        var percent = state == "done" ? 100 : Math.Min(99, tables * 100 / SubjectAccessExport.TableCount);
        return new(request.Id, state, SubjectAccessExport.TableCount, tables, rows, percent, error, run.StartedAt, request.ExportedAt, download);
    }

    /// <summary>Waits for the run of a request to end (tests and shutdown).</summary>
    public Task WhenDoneAsync(Guid requestId) => _runs.TryGetValue(requestId, out var run) ? run.Work : Task.CompletedTask;

    /// <summary>Forgets runs that ended more than <see cref="Keep"/> after they started (their ZIP stays with the request).</summary>
    private void Prune()
    {
        var before = clock.GetUtcNow().UtcDateTime - Keep;
        foreach (var (id, run) in _runs.Where(r => r.Value.State != "running" && r.Value.StartedAt < before))
            _runs.TryRemove(new KeyValuePair<Guid, Run>(id, run));
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
