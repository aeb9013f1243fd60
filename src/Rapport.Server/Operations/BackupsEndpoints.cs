using Rapport.Core.Operations;

namespace Rapport.Server.Operations;

/// <summary>The backup directory over HTTP (<c>settings.manage</c>): list, back up now, verify, download.</summary>
internal static class BackupsEndpoints
{
    public static RouteGroupBuilder MapBackupsApi(this RouteGroupBuilder api)
    {
        var backups = api.MapGroup("/admin/backups").WithTags("Backups");
        backups.MapGet("", (BackupService s) => s.List())
            .WithName("ListBackups").WithSummary("The archives in the backup directory, newest first: time, size, schema, last verification.");
        backups.MapPost("", async (BackupService s, CancellationToken ct) =>
            {
                var made = await s.BackUpNowAsync(null, ct);
                return TypedResults.Created($"/api/v1/admin/backups/{made.Name}/download", made);
            })
            .WithName("CreateBackup").WithSummary("Make a full backup now (answers when it is written; 400 without a backup passphrase).");
        backups.MapPost("/{name}/verify", (string name, BackupService s, CancellationToken ct) => s.VerifyAsync(s.PathOf(name), ct))
            .WithName("VerifyBackup").WithSummary("Check an archive: checksums, a restore into a scratch database, integrity, schema, audit chain, key ring.");
        backups.MapGet("/{name}/download", (string name, BackupService s) =>
                TypedResults.PhysicalFile(s.PathOf(name), "application/gzip", name, enableRangeProcessing: true))
            .WithName("DownloadBackup").WithSummary("The archive itself, streamed.");
        return api;
    }
}
