namespace Rapport.Core.Jobs;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("JobRuns");
        b.Property(r => r.Job).HasMaxLength(JobRun.JobMax);
        b.Property(r => r.Node).HasMaxLength(JobRun.NodeMax);
        b.Property(r => r.Error).HasMaxLength(JobRun.ErrorMax);
        b.Property(r => r.TriggeredBy).HasMaxLength(JobRun.TriggeredByMax);
        // One job's runs, newest first, paged by keyset; the latest run and the latest failure are the first row of a range.
        b.HasKeysetIndex(r => new { r.Job, r.StartedAt });
        // Retention deletes by age.
        b.HasIndex(r => r.StartedAt);
    }
}
