namespace Rapport.Core.Sales;

internal sealed class PriceListConfiguration : IEntityTypeConfiguration<PriceList>
{
    public void Configure(EntityTypeBuilder<PriceList> b)
    {
        b.ToTable("PriceLists");
        b.Property(p => p.Name).HasMaxLength(OpportunityRules.NameMax);
        b.HasCurrencyCode(p => p.Currency);
        b.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PriceListId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.Currency, p.ValidFrom });
    }
}
