namespace Rapport.Core.ServiceDesk;

internal sealed class CaseTagConfiguration : IEntityTypeConfiguration<CaseTag>
{
    public void Configure(EntityTypeBuilder<CaseTag> b)
    {
        b.ToTable("CaseTags");
        b.HasKey(t => new { t.CaseId, t.Name });
        b.Property(t => t.Name).HasMaxLength(Case.TagMax);
        b.HasIndex(t => new { t.Name, t.CaseId });
    }
}
