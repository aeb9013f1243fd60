using System.Threading.Channels;
using Rapport.Core.Imports;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Imports;

/// <summary>Runs started imports waiting their turn (their state is in the database; this only wakes the worker).</summary>
internal sealed class ImportQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>();

    public void Enqueue(Guid runId) => _channel.Writer.TryWrite(runId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>Takes queued runs one at a time and executes them as the user who uploaded the file (their permissions
/// and record scope apply). Runs queued before a restart are picked up at start.</summary>
internal sealed class ImportWorker(IServiceScopeFactory scopes, ImportQueue queue, ILogger<ImportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
                foreach (var id in await db.ImportRuns.Where(r => r.Status == ImportStatus.Queued).Select(r => r.Id).ToListAsync(stoppingToken))
                    queue.Enqueue(id);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database may not be migrated yet on a first start; nothing can be queued then anyway.
            log.LogDebug(e, "Queued imports not read at start");
        }
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Import {RunId} failed", id);
            }
        }
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        Guid? owner;
        string? name;
        await using (var lookup = scopes.CreateAsyncScope())
        {
            var db = lookup.ServiceProvider.GetRequiredService<RapportDbContext>();
            owner = await db.ImportRuns.Where(r => r.Id == id && r.Status == ImportStatus.Queued).Select(r => r.CreatedById).FirstOrDefaultAsync(ct);
            if (owner is null) return;
            name = await db.Users.Where(u => u.Id == owner).Select(u => u.UserName).FirstOrDefaultAsync(ct);
            var access = await lookup.ServiceProvider.GetRequiredService<AccessResolver>().ResolveAsync(owner.Value, ct);
            var principal = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, owner.Value.ToString()), new Claim(ClaimTypes.Name, name ?? "")], "import"));
            sp.GetRequiredService<CircuitCaller>().Set(principal, access, new CircuitInfo { UserAgent = "rapport import worker" });
        }
        await sp.GetRequiredService<ImportService>().ExecuteAsync(id, null, ct);
    }
}
