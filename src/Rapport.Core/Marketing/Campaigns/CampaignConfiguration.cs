namespace Rapport.Core.Marketing.Campaigns;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.ToTable("Campaigns");
        b.Property(c => c.Name).HasMaxLength(Campaign.NameMax);
        b.Property(c => c.Objective).HasMaxLength(Campaign.ObjectiveMax);
        b.Property(c => c.Channels).HasMaxLength(100);
        b.HasCurrencyCode(c => c.Currency);
        b.HasOwner(c => c.OwnerId);
        b.Ignore(c => c.ChannelList);
        b.Ignore(c => c.IsAbTest);
        b.Property(c => c.Status).HasMaxLength(20);
        b.Property(c => c.AbState).HasMaxLength(20);
        b.HasMany(c => c.Variants).WithOne().HasForeignKey(v => v.CampaignId).OnDelete(DeleteBehavior.Cascade);
        // The job: scheduled campaigns due, and A/B tests whose wait is over.
        b.HasIndex(c => new { c.Status, c.ScheduledAt });
        b.HasIndex(c => new { c.AbState, c.TestSentAt });
        b.HasKeysetIndex(c => c.CreatedAt);
        b.Property(c => c.UtmCampaign).HasMaxLength(Campaign.UtmMax);
        b.Property(c => c.LinkBase).HasMaxLength(500);
        b.HasIndex(c => c.UtmCampaign).IsUnique();

    }
}
