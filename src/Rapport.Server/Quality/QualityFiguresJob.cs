using Quartz;
using Rapport.Core.Quality;

namespace Rapport.Server.Quality;

/// <summary>Nightly: counts the data-quality figures over every record, for the data-quality page.</summary>
internal sealed class QualityFiguresJob(IServiceProvider services, ILogger<QualityFiguresJob> log) : IJob
{
    public const string Name = "quality-figures";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var o = await scope.ServiceProvider.GetRequiredService<QualityService>().SnapshotAsync(cancellationToken);
        log.LogInformation("Data-quality figures taken over {Customers} customers", o.Customers);
    }
}
