using Rapport.Core.Jobs;

namespace Rapport.Server.Jobs;

/// <summary>A scheduled job as the jobs page shows it: its schedule, whether it is paused, when it runs next, its
/// latest run and its latest failure.</summary>
public sealed record JobDto(string Name, string Description, string Schedule, bool Paused, DateTime? NextRunAt, JobRunDto? LastRun, JobRunDto? LastFailure);
