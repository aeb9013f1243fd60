using Rapport.Core.Privacy;
using Rapport.Server.Jobs;

namespace Rapport.Server.Privacy;

/// <summary>Re-encrypts personal data after a key rotation, a batch at a time: every ten minutes, and moments after a
/// new key is added (<see cref="Wake"/>). It resumes where it stopped, on whichever node runs it.</summary>
internal sealed class PiiRotationJob(PiiRotation rotation, ILogger<PiiRotationJob> log) : ScopedJob<PiiRotationJob, int>
{
    public const string Name = "pii-rotation";
    private static readonly SemaphoreSlim Signal = new(0, 1);

    /// <summary>Asks for a run now (a key was added).</summary>
    public static void Wake()
    {
        if (Signal.CurrentCount == 0)
        {
            try { Signal.Release(); } catch (SemaphoreFullException) { /* already awake */ }
        }
    }

    /// <summary>Completes at the next <see cref="Wake"/>.</summary>
    public static Task WaitForWakeAsync(CancellationToken ct) => Signal.WaitAsync(ct);

    protected override Task<int> RunAsync(CancellationToken ct) => rotation.RunAsync(ct);

    protected override void Log(int done)
    {
        if (done > 0) log.LogInformation("Re-encrypted personal data of {Count} customers with the primary key", done);
    }
}
