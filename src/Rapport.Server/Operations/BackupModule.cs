using Cronos;
using Rapport.Core.Operations;
using Rapport.Server.Jobs;

namespace Rapport.Server.Operations;

/// <summary>Backups: the services behind <c>rapport backup</c>, <c>backup verify</c>, <c>restore</c> and the backups page,
/// their settings (section <c>Backup</c>, checked at start) and the scheduled backup job.</summary>
internal static class BackupModule
{
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<BackupOptions>().Bind(config.GetSection("Backup"))
            .Configure<DatabaseOptions>((o, database) =>
            {
                if (string.IsNullOrEmpty(o.Passphrase)) o.Passphrase = config[BackupOptions.PassphraseVariable];
                // The folders the contract and case services keep their files in (their defaults when not set).
                var contracts = config["Contracts:AttachmentDirectory"] is { Length: > 0 } c ? c : Path.Combine(database.DataDirectory, "attachments");
                o.AttachmentDirectories["contracts"] = contracts;
                o.AttachmentDirectories["cases"] = config["Cases:AttachmentDirectory"] is { Length: > 0 } s ? s : Path.Combine(database.DataDirectory, "attachments", "cases");
            })
            .Validate(o => string.IsNullOrWhiteSpace(o.Schedule) || CronExpression.TryParse(o.Schedule, out _), "Backup:Schedule must be a cron expression of five fields (UTC), e.g. \"0 2 * * *\".")
            .Validate(o => string.IsNullOrWhiteSpace(o.Schedule) || !string.IsNullOrEmpty(o.Passphrase), "Backup:Schedule needs a passphrase (Backup:Passphrase or RAPPORT_BACKUP_PASSPHRASE): backups are refused without one.")
            .Validate(o => o.KeepDaily is >= 0 and <= 3650 && o.KeepWeekly is >= 0 and <= 520, "Backup:KeepDaily (0–3650) and Backup:KeepWeekly (0–520) are out of range.")
            .ValidateOnStart();
        services.AddScoped<BackupService>();
        services.AddScoped<RestoreService>();
        services.AddScoped<UpgradeService>();
        services.AddScoped<Core.Observability.IBackupCatalog, BackupCatalog>();
        services.AddScoped<ISystemFact, BackupSystemFact>();
        // Catches up at start: a backup overdue is a risk (it decides itself whether Backup:Schedule has come due).
        services.AddRecurringJob<BackupJob>("backup", JobSchedule.Every(TimeSpan.FromMinutes(1)),
            "Makes a backup when Backup:Schedule comes due, then applies the backup retention.");
        return services;
    }
}
