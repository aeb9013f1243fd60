using Rapport.Core.Operations;

namespace Rapport.Server.Operations;

/// <summary>The audit trail's line on the system page: how far the hash chain is sealed and how many entries wait for it
/// (the first <see cref="ISystemFact"/>, and the example for the next).</summary>
internal sealed class SystemAuditFact(RapportDbContext db) : ISystemFact
{
    public async Task<IReadOnlyList<SystemFact>> ReadAsync(CancellationToken ct)
    {
        var head = await db.AuditEntries.AsNoTracking().MaxAsync(e => e.ChainSeq, ct) ?? 0;
        var unsealed = await db.AuditEntries.AsNoTracking().CountAsync(e => e.ChainSeq == null, ct);
        return
        [
            new("Ui.AuditChainHead", head.ToString(CultureInfo.InvariantCulture)),
            // The chainer seals within seconds; entries waiting longer mean it is not running.
            new("Ui.AuditUnsealed", unsealed.ToString(CultureInfo.InvariantCulture), unsealed > 1000 ? SystemFactState.Warning : SystemFactState.Ok),
        ];
    }
}
