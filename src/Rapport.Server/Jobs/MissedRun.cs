namespace Rapport.Server.Jobs;

/// <summary>What a recurring job does about a scheduled run whose time passed while no scheduler was running (the app
/// was down): Quartz's misfire instruction for its trigger, applied when the scheduler is back.</summary>
internal enum MissedRun
{
    /// <summary>Runs once as soon as the scheduler is back (not once per missed time), then keeps to the schedule.</summary>
    CatchUp,

    /// <summary>Does not run for it: the next run is the next scheduled time after the scheduler is back. For heavy
    /// maintenance, so that a daytime restart does not bring the night's work into business hours.</summary>
    Skip,
}
