namespace Rapport.Core.Marketing.Journeys;

internal sealed class JourneyStepRunConfiguration : IEntityTypeConfiguration<JourneyStepRun>
{
    public void Configure(EntityTypeBuilder<JourneyStepRun> b)
    {
        b.ToTable("JourneyStepRuns");
        b.HasKey(r => new { r.JourneyId, r.Step, r.CustomerId });
        b.HasOne<JourneyMember>().WithMany().HasForeignKey(r => new { r.JourneyId, r.CustomerId }).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.JourneyId, r.CustomerId });
    }
}
