using Rapport.Core.Audit;
using Rapport.Server.Jobs;

namespace Rapport.Server.Audit;

/// <summary>Seals new audit entries into the hash chain: moments after they are written (<see cref="AuditChain.Signal"/>
/// wakes it, a second later so a burst of writes is one chaining transaction, see <see cref="AuditModule"/>), and every
/// minute for entries written on another node. Pruning is the scheduled <see cref="AuditPruneJob"/>.</summary>
internal sealed class AuditChainJob(AuditChain chain, ILogger<AuditChainJob> log) : ScopedJob<AuditChainJob, int>
{
    public const string Name = "audit-chain";

    protected override Task<int> RunAsync(CancellationToken ct) => chain.ChainPendingAsync(ct);

    protected override void Log(int chained)
    {
        if (chained > 0) log.LogDebug("Chained {Count} audit entries", chained);
    }
}
