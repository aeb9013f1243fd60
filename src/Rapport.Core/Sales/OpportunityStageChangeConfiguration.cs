namespace Rapport.Core.Sales;

internal sealed class OpportunityStageChangeConfiguration : IEntityTypeConfiguration<OpportunityStageChange>
{
    public void Configure(EntityTypeBuilder<OpportunityStageChange> b)
    {
        b.ToTable("OpportunityStageChanges");
        b.HasOne(c => c.Opportunity).WithMany().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.OpportunityId, c.ChangedAt });
        b.HasIndex(c => new { c.ToStageId, c.ChangedAt });
    }
}
