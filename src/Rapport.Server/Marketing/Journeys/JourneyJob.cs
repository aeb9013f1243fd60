using Quartz;
using Rapport.Core.Marketing.Journeys;

namespace Rapport.Server.Marketing.Journeys;

/// <summary>Every minute: the members of active journeys whose step is due move on (see <see cref="JourneyRunner"/>).</summary>
internal sealed class JourneyJob(JourneyRunner runner) : IJob
{
    public const string Name = "journeys";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await runner.RunDueAsync(cancellationToken);
}
