using Quartz;

namespace Rapport.Server.Jobs;

/// <summary>A job a module registered with <see cref="RecurringJobs.AddRecurringJob{TJob}(IServiceCollection, string, JobSchedule, string)"/>.</summary>
/// <param name="FromConfig">Reads the schedule from the module's own settings (<c>Mail:SendPollSeconds</c>) when it has
/// them; <c>Jobs:Schedules:{name}</c> still wins.</param>
/// <param name="Missed">What becomes of a run missed while the app was down; it belongs to the job, not to its schedule,
/// so a schedule changed in configuration keeps it.</param>
internal sealed record RecurringJob(string Name, Type Type, JobSchedule DefaultSchedule, string Description,
    Func<IConfiguration, JobSchedule>? FromConfig = null, MissedRun Missed = MissedRun.CatchUp);

/// <summary>Work that must start moments after a signal (mail queued, audit entries written) rather than on its next
/// scheduled run: <see cref="JobWaker"/> waits on <paramref name="Wait"/> and then asks the scheduler to run
/// <paramref name="Job"/> now, after <paramref name="Settle"/> (so a burst of signals becomes one run).</summary>
internal sealed record JobWakeUp(string Job, Func<CancellationToken, Task> Wait, TimeSpan Settle);

/// <summary>How a module schedules its background work on the one scheduler (see <see cref="JobsModule"/>).</summary>
internal static class RecurringJobs
{
    /// <summary>Runs <typeparamref name="TJob"/> on <paramref name="schedule"/>, unless <c>Jobs:Schedules:{name}</c>
    /// says otherwise. One run at a time across all app nodes; a failed run is recorded and the schedule goes on. A run
    /// missed while the app was down runs once when it is back, unless <paramref name="missed"/> is
    /// <see cref="MissedRun.Skip"/> (heavy maintenance: say why at the registration).</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string name, JobSchedule schedule, string description,
        MissedRun missed = MissedRun.CatchUp)
        where TJob : class, IJob
    {
        services.AddTransient<TJob>();
        services.AddSingleton(new RecurringJob(name, typeof(TJob), schedule, description, Missed: missed));
        return services;
    }

    /// <summary><see cref="AddRecurringJob{TJob}(IServiceCollection, string, JobSchedule, string)"/> with the schedule
    /// read from the module's own settings when the scheduler starts (<paramref name="schedule"/> gets the app's
    /// configuration; <c>Jobs:Schedules:{name}</c> still wins).</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string name, Func<IConfiguration, JobSchedule> schedule, string description,
        MissedRun missed = MissedRun.CatchUp)
        where TJob : class, IJob
    {
        services.AddTransient<TJob>();
        services.AddSingleton(new RecurringJob(name, typeof(TJob), schedule(new ConfigurationBuilder().Build()), description, schedule, missed));
        return services;
    }

    /// <summary>Runs job <paramref name="name"/> moments after each <paramref name="wait"/> completes, besides its schedule
    /// (unless it is paused), so work signalled in this process starts at once. The run itself is the scheduler's: one
    /// at a time across the nodes, recorded in the history like any other.</summary>
    public static IServiceCollection AddJobWakeUp(this IServiceCollection services, string name, Func<CancellationToken, Task> wait, TimeSpan settle = default)
    {
        services.AddSingleton(new JobWakeUp(name, wait, settle));
        if (!services.Any(d => d.ImplementationType == typeof(JobWaker))) services.AddHostedService<JobWaker>();
        return services;
    }
}
