namespace Rapport.Core.ServiceDesk;

internal sealed class CaseFormConfiguration : IEntityTypeConfiguration<CaseForm>
{
    public void Configure(EntityTypeBuilder<CaseForm> b)
    {
        b.ToTable("CaseForms");
        b.Property(f => f.Name).HasMaxLength(CaseForm.NameMax);
        b.Property(f => f.Token).HasMaxLength(CaseForm.TokenMax);
        b.HasIndex(f => f.Token).IsUnique();
        b.HasOne<CaseCategory>().WithMany().HasForeignKey(f => f.CategoryId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Team>().WithMany().HasForeignKey(f => f.QueueId).OnDelete(DeleteBehavior.SetNull);
    }
}
