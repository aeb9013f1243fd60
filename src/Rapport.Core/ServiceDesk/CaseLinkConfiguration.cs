namespace Rapport.Core.ServiceDesk;

internal sealed class CaseLinkConfiguration : IEntityTypeConfiguration<CaseLink>
{
    public void Configure(EntityTypeBuilder<CaseLink> b)
    {
        b.ToTable("CaseLinks");
        b.HasKey(l => new { l.CaseId, l.RelatedCaseId });
        b.HasOne(l => l.Case).WithMany().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Case>().WithMany().HasForeignKey(l => l.RelatedCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(l => l.RelatedCaseId);
    }
}
