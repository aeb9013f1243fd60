using Rapport.Core.ServiceDesk;
using Rapport.Server.Jobs;

namespace Rapport.Server.ServiceDesk;

/// <summary>Every minute: marks cases whose SLA due times have passed as breached and runs the policies' escalations.</summary>
internal sealed class CaseSlaJob(CaseSlaSweep sweep) : ScopedJob<CaseSlaJob, CaseSlaSweep.Result>
{
    protected override Task<CaseSlaSweep.Result> RunAsync(CancellationToken ct) => sweep.RunAsync(ct);
}
