using Quartz;
using Rapport.Core.Marketing.Classification;

namespace Rapport.Server.Marketing;

/// <summary>Nightly: recomputes every customer's classification set-based (see <see cref="ClassificationService"/>).</summary>
internal sealed class ClassificationJob(ClassificationService classification) : IJob
{
    public const string Name = "classification";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await classification.RecomputeAsync(byUser: false, cancellationToken);
}
