using Quartz;

namespace Rapport.Server.Jobs;

/// <summary>A background job whose run is one call on the services it is built with, then its own log line about
/// what the call did. The scheduler builds the job in the run's scope; <see cref="RunOnceAsync"/> builds it the same
/// way in a scope of its own, for tests and the demo that run it by hand and read its result.</summary>
/// <typeparam name="TJob">The job itself, so that <c>CaseSlaJob.RunOnceAsync(services, ct)</c> builds a <c>CaseSlaJob</c>.</typeparam>
/// <typeparam name="TResult">What one run did (a count, a summary), handed to <see cref="Log"/>.</typeparam>
internal abstract class ScopedJob<TJob, TResult> : IJob where TJob : ScopedJob<TJob, TResult>
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunAndLogAsync(cancellationToken);

    /// <summary>One run in a new scope, as the scheduler runs it; returns what it did.</summary>
    public static async Task<TResult> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TJob>().RunAndLogAsync(ct);
    }

    /// <summary>The work of one run.</summary>
    protected abstract Task<TResult> RunAsync(CancellationToken ct);

    /// <summary>The job's own log line for what a run did (none unless the job writes one).</summary>
    protected virtual void Log(TResult result)
    {
    }

    private async Task<TResult> RunAndLogAsync(CancellationToken ct)
    {
        var result = await RunAsync(ct);
        Log(result);
        return result;
    }
}
