using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Core.Marketing.Journeys;

internal sealed class JourneyStepConfiguration : IEntityTypeConfiguration<JourneyStep>
{
    public void Configure(EntityTypeBuilder<JourneyStep> b)
    {
        b.ToTable("JourneySteps");
        b.Property(s => s.FromName).HasMaxLength(CampaignVariant.FromNameMax);
        b.Property(s => s.Subject).HasMaxLength(CampaignVariant.SubjectMax);
        b.Property(s => s.SubjectZh).HasMaxLength(CampaignVariant.SubjectMax);
        b.Property(s => s.TaskSubject).HasMaxLength(JourneyStep.TaskSubjectMax);
        b.Property(s => s.Tag).HasMaxLength(JourneyStep.TagMax);
        b.HasIndex(s => new { s.JourneyId, s.Number }).IsUnique();
        b.HasOne<Campaign>().WithMany().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.SetNull);
    }
}
