namespace Rapport.Core.Retention;

internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> b)
    {
        b.ToTable("RetentionRuns");
        b.Property(r => r.Policy).HasMaxLength(20);
        b.HasKeysetIndex(r => r.StartedAt);
    }
}
