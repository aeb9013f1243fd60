using Rapport.Core.Audit;

namespace Rapport.Core.Observability;

/// <summary>≥ N failed sign-ins for one account, or from one address, within M minutes (read from the audit log,
/// which records every attempt with the name tried and the address).</summary>
public sealed class FailedSignInSignal(RapportDbContext db, IOptions<AlertOptions> options) : IAlertSignal
{
    public string Rule => AlertRules.FailedSignIns;

    public async Task<IReadOnlyList<AlertCondition>?> CheckAsync(DateTime now, CancellationToken ct)
    {
        var o = options.Value;
        if (o.FailedSignIns <= 0) return null;
        var since = now.AddMinutes(-o.FailedSignInMinutes);
        var failed = db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.SignInFailed && e.At >= since && e.At <= now);
        var accounts = await failed.Where(e => e.UserName != null).GroupBy(e => e.UserName!)
            .Select(g => new { Key = g.Key, Count = g.Count() }).Where(g => g.Count >= o.FailedSignIns).ToListAsync(ct);
        var addresses = await failed.Where(e => e.IpAddress != null).GroupBy(e => e.IpAddress!)
            .Select(g => new { Key = g.Key, Count = g.Count() }).Where(g => g.Count >= o.FailedSignIns).ToListAsync(ct);
        string Detail(int count) => string.Create(CultureInfo.InvariantCulture, $"{count} in {o.FailedSignInMinutes} min");
        return [.. accounts.Select(a => new AlertCondition(Cut("account:" + a.Key), Detail(a.Count))),
            .. addresses.Select(a => new AlertCondition(Cut("address:" + a.Key), Detail(a.Count)))];
    }

    private static string Cut(string subject) => TextCut.ToLength(subject, Alert.SubjectMax);
}

/// <summary>The share of 5xx answers over the window, from the requests this instance served.</summary>
public sealed class ErrorRateSignal(RequestOutcomes outcomes, IOptions<AlertOptions> options) : IAlertSignal
{
    public string Rule => AlertRules.ErrorRate;

    public Task<IReadOnlyList<AlertCondition>?> CheckAsync(DateTime now, CancellationToken ct)
    {
        var o = options.Value;
        if (o.ErrorRatePercent <= 0) return Task.FromResult<IReadOnlyList<AlertCondition>?>(null);
        var (total, errors) = outcomes.Count(now, TimeSpan.FromMinutes(o.ErrorRateMinutes));
        var percent = total == 0 ? 0 : 100.0 * errors / total;
        IReadOnlyList<AlertCondition> found = total >= o.ErrorRateMinRequests && percent > o.ErrorRatePercent
            ? [new AlertCondition("", string.Create(CultureInfo.InvariantCulture, $"{percent:0.#} % of {total} in {o.ErrorRateMinutes} min"))]
            : [];
        return Task.FromResult<IReadOnlyList<AlertCondition>?>(found);
    }
}

/// <summary>A job that failed at least N runs in a row.</summary>
public sealed class JobFailingSignal(IOptions<AlertOptions> options, IJobRunHistory? history = null) : IAlertSignal
{
    public string Rule => AlertRules.JobFailing;

    public async Task<IReadOnlyList<AlertCondition>?> CheckAsync(DateTime now, CancellationToken ct)
    {
        if (history is null || options.Value.JobFailuresInARow <= 0) return null;
        return [.. (await history.FailureStreaksAsync(ct)).Where(s => s.FailuresInARow >= options.Value.JobFailuresInARow)
            .Select(s => new AlertCondition(TextCut.ToLength(s.Job, Alert.SubjectMax), string.Create(CultureInfo.InvariantCulture, $"{s.FailuresInARow} failed runs in a row")))];
    }
}

/// <summary>Free space on the data directory's disk below Y %.</summary>
public sealed class DiskFreeSignal(DatabaseOptions database, IDiskSpace disk, IOptions<AlertOptions> options) : IAlertSignal
{
    public string Rule => AlertRules.DiskFree;

    public Task<IReadOnlyList<AlertCondition>?> CheckAsync(DateTime now, CancellationToken ct)
    {
        if (options.Value.DiskFreePercent <= 0 || disk.Measure(database.DataDirectory) is not { Total: > 0 } m)
            return Task.FromResult<IReadOnlyList<AlertCondition>?>(null);
        var percent = 100.0 * m.Free / m.Total;
        IReadOnlyList<AlertCondition> found = percent < options.Value.DiskFreePercent
            ? [new AlertCondition("data", string.Create(CultureInfo.InvariantCulture, $"{percent:0.#} % free ({m.Free / (1024 * 1024)} MiB)"))]
            : [];
        return Task.FromResult<IReadOnlyList<AlertCondition>?>(found);
    }
}

/// <summary>The disk of a path, as the operating system reports it.</summary>
public sealed class DriveSpace : IDiskSpace
{
    public (long Free, long Total)? Measure(string path)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(path));
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>The newest backup older than Z hours (or none at all).</summary>
public sealed class BackupAgeSignal(IOptions<AlertOptions> options, IBackupCatalog? backups = null) : IAlertSignal
{
    public string Rule => AlertRules.BackupAge;

    public async Task<IReadOnlyList<AlertCondition>?> CheckAsync(DateTime now, CancellationToken ct)
    {
        if (backups is null || options.Value.BackupMaxAgeHours <= 0) return null;
        var newest = await backups.NewestBackupAtAsync(ct);
        if (newest is { } at && now - at <= TimeSpan.FromHours(options.Value.BackupMaxAgeHours)) return [];
        return [new AlertCondition("", newest is { } t ? string.Create(CultureInfo.InvariantCulture, $"newest {t:yyyy-MM-dd HH:mm} UTC") : "none")];
    }
}

/// <summary>The audit log's hash chain does not verify (checked every <see cref="AlertOptions.AuditChainCheckMinutes"/>).</summary>
public sealed class AuditChainSignal(AuditChain chain, AuditChainSignal.LastCheck last, IOptions<AlertOptions> options) : IAlertSignal
{
    /// <summary>When the chain was last verified (a singleton: the signal itself lives in one evaluation's scope).</summary>
    public sealed class LastCheck
    {
        public DateTime? At { get; set; }
    }

    public string Rule => AlertRules.AuditChain;

    public async Task<IReadOnlyList<AlertCondition>?> CheckAsync(DateTime now, CancellationToken ct)
    {
        var every = options.Value.AuditChainCheckMinutes;
        if (every <= 0 || (last.At is { } at && now - at < TimeSpan.FromMinutes(every) && now >= at)) return null;
        last.At = now;
        var result = await chain.VerifyAsync(ct);
        return result.Ok ? [] : [new AlertCondition("", TextCut.ToLength(
            string.Create(CultureInfo.InvariantCulture, $"first broken entry {result.FirstBrokenSeq?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {result.Reason}"), Alert.DetailMax))];
    }
}
