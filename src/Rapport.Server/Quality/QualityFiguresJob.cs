using Rapport.Core.Quality;
using Rapport.Server.Jobs;

namespace Rapport.Server.Quality;

/// <summary>Nightly: counts the data-quality figures over every record, for the data-quality page.</summary>
internal sealed class QualityFiguresJob(QualityService quality, ILogger<QualityFiguresJob> log) : ScopedJob<QualityFiguresJob, QualityOverview>
{
    public const string Name = "quality-figures";

    protected override Task<QualityOverview> RunAsync(CancellationToken ct) => quality.SnapshotAsync(ct);

    protected override void Log(QualityOverview o) => log.LogInformation("Data-quality figures taken over {Customers} customers", o.Customers);
}
