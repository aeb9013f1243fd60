namespace Rapport.Core.ServiceDesk;

internal sealed class CaseCategoryConfiguration : IEntityTypeConfiguration<CaseCategory>
{
    public void Configure(EntityTypeBuilder<CaseCategory> b)
    {
        b.ToTable("CaseCategories");
        b.Property(c => c.Name).HasMaxLength(CaseCategory.NameMax);
        b.Property(c => c.NameZh).HasMaxLength(CaseCategory.NameMax);
        b.HasOne<CaseCategory>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.ParentId, c.Sort });
    }
}
