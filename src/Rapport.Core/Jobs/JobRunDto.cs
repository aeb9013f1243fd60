namespace Rapport.Core.Jobs;

/// <summary>One recorded run of a scheduled job.</summary>
public sealed record JobRunDto(Guid Id, string Job, string Node, DateTime StartedAt, long DurationMs, bool Succeeded, string? Error, string? TriggeredBy)
{
    public static readonly System.Linq.Expressions.Expression<Func<JobRun, JobRunDto>> Projection =
        r => new JobRunDto(r.Id, r.Job, r.Node, r.StartedAt, r.DurationMs, r.Succeeded, r.Error, r.TriggeredBy);

    private static readonly Func<JobRun, JobRunDto> Map = Projection.Compile();

    public static JobRunDto From(JobRun run) => Map(run);
}
