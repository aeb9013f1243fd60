using Cronos;

namespace Rapport.Core.Reports;

/// <summary>The file a report is exported or sent as.</summary>
public enum ReportFileFormat { Xlsx, Docx, Pdf }

/// <summary>A report sent by email on a cron schedule (in a time zone) to chosen users, each getting the file run as
/// them: their record scope, their language. A failed run is retried with a growing delay, then waits for the next
/// occurrence.</summary>
public sealed class ReportSchedule : AuditedEntity
{
    public const int CronMax = 100, ZoneMax = 64, RecipientsMax = 2000, MaxRecipients = 50, MaxRetries = 5;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>A saved or standard report (so no foreign key: standard ones live in code).</summary>
    public Guid ReportId { get; init; }
    public Guid OwnerId { get; init; }
    public required string Cron { get; set; }
    public required string TimeZone { get; set; }
    public ReportFileFormat Format { get; set; }
    /// <summary>The recipients' user ids, as a JSON array.</summary>
    public required string Recipients { get; set; }
    public DateTime? NextRunAt { get; set; }
    /// <summary>Failed runs since the last one that went through.</summary>
    public int Failures { get; set; }

    /// <summary>The schedule's next occurrence after <paramref name="utcNow"/>, or null for an expression with none.</summary>
    public static DateTime? Next(string cron, string zone, DateTime utcNow) =>
        CronExpression.Parse(cron, CronFormat.Standard).GetNextOccurrence(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), TimeZones.FindOrUtc(zone));

    /// <summary>When to run after a run at <paramref name="utcNow"/>: the next occurrence after a success; after a
    /// failure a retry in 2, 4, 8 … minutes, and after <see cref="MaxRetries"/> of them the next occurrence.</summary>
    public DateTime? After(DateTime utcNow, bool failed) => failed && Failures + 1 <= MaxRetries
        ? utcNow.AddMinutes(Math.Pow(2, Failures + 1))
        : Next(Cron, TimeZone, utcNow);
}

/// <summary>One run of a schedule: when, whether every recipient's copy was queued, how many, and the error.</summary>
public sealed class ReportScheduleRun
{
    public const int ErrorMax = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ScheduleId { get; init; }
    public DateTime RanAt { get; init; }
    public bool Succeeded { get; init; }
    public int Sent { get; init; }
    public string? Error { get; init; }
}

internal sealed class ReportScheduleConfiguration : IEntityTypeConfiguration<ReportSchedule>
{
    public void Configure(EntityTypeBuilder<ReportSchedule> b)
    {
        b.ToTable("ReportSchedules");
        b.Property(s => s.Cron).HasMaxLength(ReportSchedule.CronMax);
        b.Property(s => s.TimeZone).HasMaxLength(ReportSchedule.ZoneMax);
        b.Property(s => s.Recipients).HasMaxLength(ReportSchedule.RecipientsMax);
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.ReportId, s.OwnerId });
        // The job's question: which schedules are due.
        b.HasIndex(s => s.NextRunAt);
    }
}

internal sealed class ReportScheduleRunConfiguration : IEntityTypeConfiguration<ReportScheduleRun>
{
    public void Configure(EntityTypeBuilder<ReportScheduleRun> b)
    {
        b.ToTable("ReportScheduleRuns");
        b.Property(r => r.Error).HasMaxLength(ReportScheduleRun.ErrorMax);
        b.HasOne<ReportSchedule>().WithMany().HasForeignKey(r => r.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.ScheduleId, r.RanAt });
    }
}

/// <summary>A schedule to save: a five-field cron expression (<c>0 8 * * 1</c>: Mondays at 08:00) in a time zone, the
/// file format and the users who get it.</summary>
public sealed record ReportScheduleInput(string Cron, string TimeZone, ReportFileFormat Format, IReadOnlyList<Guid> Recipients);

public sealed record ReportScheduleRunDto(DateTime RanAt, bool Succeeded, int Sent, string? Error);

/// <summary>A schedule with its next run and its latest runs, newest first.</summary>
public sealed record ReportScheduleDto(Guid Id, Guid ReportId, string Cron, string TimeZone, ReportFileFormat Format, IReadOnlyList<Guid> Recipients,
    DateTime? NextRunAt, int Failures, IReadOnlyList<ReportScheduleRunDto> Runs, long Version);
