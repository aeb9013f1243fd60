namespace Rapport.Core.Leads;

internal sealed class LeadFormConfiguration : IEntityTypeConfiguration<LeadForm>
{
    public void Configure(EntityTypeBuilder<LeadForm> b)
    {
        b.ToTable("LeadForms");
        b.Property(f => f.Name).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(f => f.Token).HasMaxLength(64);
        b.Property(f => f.Source).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(f => f.RedirectUrl).HasMaxLength(2000);
        b.HasIndex(f => f.Token).IsUnique();
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(f => f.DefaultOwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}
