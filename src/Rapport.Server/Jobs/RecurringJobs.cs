using Quartz;

namespace Rapport.Server.Jobs;

/// <summary>A job a module registered with <see cref="RecurringJobs.AddRecurringJob{TJob}"/>.</summary>
internal sealed record RecurringJob(string Name, Type Type, JobSchedule DefaultSchedule, string Description);

/// <summary>How a module schedules its background work on the one scheduler (see <see cref="JobsModule"/>).</summary>
internal static class RecurringJobs
{
    /// <summary>Runs <typeparamref name="TJob"/> on <paramref name="schedule"/>, unless <c>Jobs:Schedules:{name}</c>
    /// says otherwise. One run at a time across all app nodes; a failed run is recorded and the schedule goes on.</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string name, JobSchedule schedule, string description)
        where TJob : class, IJob
    {
        services.AddTransient<TJob>();
        services.AddSingleton(new RecurringJob(name, typeof(TJob), schedule, description));
        return services;
    }
}
