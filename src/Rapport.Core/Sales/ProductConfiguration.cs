using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Core.Sales;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("Products");
        b.Property(p => p.Sku).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(OpportunityRules.NameMax);
        b.Property(p => p.Unit).HasMaxLength(20);
        b.Property(p => p.Category).HasMaxLength(OpportunityRules.ShortTextMax);
        b.HasIndex(p => p.Sku).IsUnique();
        b.HasIndex(p => new { p.Active, p.Name, p.Id });
    }
}
