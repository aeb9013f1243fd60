namespace Rapport.Core.Marketing.Campaigns;

internal sealed class CampaignMemberConfiguration : IEntityTypeConfiguration<CampaignMember>
{
    public void Configure(EntityTypeBuilder<CampaignMember> b)
    {
        b.ToTable("CampaignMembers");
        // One row per customer and campaign: adding the same customer again (from two audiences) is a no-op.
        b.HasKey(m => new { m.CampaignId, m.CustomerId });
        b.HasOne<Campaign>().WithMany().HasForeignKey(m => m.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.Email).HasMaxLength(Privacy.ConsentEntry.MaxAddressLength);
        b.Property(m => m.Phone).HasMaxLength(40);
        b.Property(m => m.Error).HasMaxLength(CampaignMember.ErrorMax);
        b.HasIndex(m => m.CustomerId);
        b.HasIndex(m => m.MessageId);
        // Sending walks the members not yet sent; the results group by variant and status.
        b.HasIndex(m => new { m.CampaignId, m.Status });
        b.HasIndex(m => new { m.CampaignId, m.VariantId });
    }
}
