using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>Every minute: marks cases whose SLA due times have passed as breached and runs the policies' escalations.</summary>
internal sealed class CaseSlaJob(IServiceProvider services, ILogger<CaseSlaJob> log) : PeriodicJob(TimeSpan.FromMinutes(1), log, "Case SLA sweep")
{
    protected override Task RunAsync(CancellationToken ct) => RunOnceAsync(services, ct);

    public static async Task<CaseSlaSweep.Result> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseSlaSweep>().RunAsync(ct);
    }
}
