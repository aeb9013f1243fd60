namespace Rapport.Core.Marketing.Campaigns;

internal sealed class CampaignVariantConfiguration : IEntityTypeConfiguration<CampaignVariant>
{
    public void Configure(EntityTypeBuilder<CampaignVariant> b)
    {
        b.ToTable("CampaignVariants");
        b.Property(v => v.Label).HasMaxLength(10);
        b.Property(v => v.FromName).HasMaxLength(CampaignVariant.FromNameMax);
        b.Property(v => v.Subject).HasMaxLength(CampaignVariant.SubjectMax);
        b.Property(v => v.SubjectZh).HasMaxLength(CampaignVariant.SubjectMax);
        b.HasIndex(v => new { v.CampaignId, v.Label }).IsUnique();
    }
}
