namespace Rapport.Core.Sales;

internal sealed class ProductConfiguration(bool postgres) : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("Products");
        b.Property(p => p.Sku).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(OpportunityRules.NameMax);
        b.Property(p => p.Unit).HasMaxLength(20);
        b.Property(p => p.Category).HasMaxLength(OpportunityRules.ShortTextMax);
        // Computed by the database so every write of SKU or name keeps it (PostgreSQL can only store generated columns).
        b.HasSearchText(OpportunityRules.NameMax + 65, postgres).HasComputedColumnSql("lower(\"Sku\" || ' ' || \"Name\")", stored: postgres);
        b.HasIndex(p => p.Sku).IsUnique();
        b.HasKeysetIndex(p => new { p.Active, p.Name });
    }
}
