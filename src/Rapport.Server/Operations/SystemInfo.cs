using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rapport.Core.Operations;
using Rapport.Core.Sales;
using Rapport.Core.ServiceDesk;

namespace Rapport.Server.Operations;

/// <summary>A directory the app writes to and what it holds now.</summary>
public sealed record DirectoryUsage(string Name, string Path, bool Exists, long Bytes, long Files);

/// <summary>One health check's state now.</summary>
public sealed record HealthState(string Name, string Status, string? Description);

/// <summary>The system page: version, database, disk, uptime, health, and the lines modules add (<see cref="ISystemFact"/>).</summary>
public sealed record SystemReport(
    string Version, string InformationalVersion, string Provider, long? DatabaseBytes, string Environment, string Runtime,
    DateTime StartedAt, TimeSpan Uptime, IReadOnlyList<DirectoryUsage> Directories, IReadOnlyList<HealthState> Health,
    IReadOnlyList<SystemFact> Facts);

/// <summary>Gathers the system page's facts. Every module's <see cref="ISystemFact"/> contributes its own lines.</summary>
public sealed class SystemInfo(RapportDbContext db, DatabaseOptions database, IOptions<CaseOptions> cases, IOptions<ContractOptions> contracts,
    HealthCheckService health, IEnumerable<ISystemFact> contributors, IHostEnvironment host, TimeProvider clock, ICurrentUser user,
    ILogger<SystemInfo> log)
{
    /// <summary>When this process started (UTC).</summary>
    private static readonly DateTime StartedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public async Task<SystemReport> ReadAsync(CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var report = await health.CheckHealthAsync(ct);
        var facts = new List<SystemFact>();
        foreach (var c in contributors)
        {
            try
            {
                facts.AddRange(await c.ReadAsync(ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "System fact {Contributor} failed", c.GetType().Name);
                facts.Add(new("Ui.SystemFactFailed", c.GetType().Name, SystemFactState.Error));
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return new SystemReport(AppVersion.Semantic, AppVersion.Informational, database.Provider.ToString(), await DatabaseBytesAsync(ct),
            host.EnvironmentName, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            StartedAt, now - StartedAt, Directories(),
            [.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new HealthState(e.Key, e.Value.Status.ToString(), e.Value.Description))],
            facts);
    }

    /// <summary>PostgreSQL: <c>pg_database_size</c>. SQLite: the file with its write-ahead log and shared-memory index.</summary>
    private async Task<long?> DatabaseBytesAsync(CancellationToken ct)
    {
        if (db.IsPostgres)
            return await db.Database.SqlQuery<long>($"SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync(ct);
        var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || !File.Exists(file)) return null;
        return new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
    }

    private List<DirectoryUsage> Directories()
    {
        var data = Path.GetFullPath(database.DataDirectory);
        var list = new List<(string Name, string Path)> { ("Ui.DataDirectory", data) };
        // Where attachments go unless configured elsewhere (see CaseService and ContractService).
        var caseDir = Path.GetFullPath(cases.Value.AttachmentDirectory is { Length: > 0 } c ? c : Path.Combine(data, "attachments", "cases"));
        var contractDir = Path.GetFullPath(contracts.Value.AttachmentDirectory is { Length: > 0 } k ? k : Path.Combine(data, "attachments"));
        list.Add(("Ui.CaseAttachments", caseDir));
        list.Add(("Ui.AttachmentDirectory", contractDir));
        return list.Select(d => Usage(d.Name, d.Path)).ToList();
    }

    private static DirectoryUsage Usage(string name, string path)
    {
        if (!Directory.Exists(path)) return new(name, path, false, 0, 0);
        long bytes = 0, files = 0;
        foreach (var f in new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            bytes += f.Length;
            files++;
        }
        return new(name, path, true, bytes, files);
    }
}
