namespace Rapport.Core.Observability;

internal sealed class LogEntryConfiguration : IEntityTypeConfiguration<LogEntry>
{
    public void Configure(EntityTypeBuilder<LogEntry> b)
    {
        b.ToTable("LogEntries");
        b.Property(e => e.Category).HasMaxLength(LogEntry.CategoryMax);
        b.Property(e => e.EventName).HasMaxLength(LogEntry.EventMax);
        b.Property(e => e.TraceId).HasMaxLength(LogEntry.TraceMax);
        b.Property(e => e.Message).HasMaxLength(LogEntry.MessageMax);
        b.Property(e => e.Exception).HasMaxLength(LogEntry.ExceptionMax);
        // Newest first by time (and the retention delete); the common filters each narrow one range of an index.
        b.HasKeysetIndex(e => e.At);
        b.HasKeysetIndex(e => new { e.EventName, e.At });
        b.HasKeysetIndex(e => new { e.UserId, e.At });
        b.HasKeysetIndex(e => new { e.Level, e.At });
    }
}

