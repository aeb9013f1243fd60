using Quartz;
using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>Every minute: marks cases whose SLA due times have passed as breached and runs the policies' escalations.</summary>
internal sealed class CaseSlaJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunOnceAsync(services, cancellationToken);

    public static async Task<CaseSlaSweep.Result> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseSlaSweep>().RunAsync(ct);
    }
}
