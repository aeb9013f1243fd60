using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Core.Sales;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("OrderLines");
        b.Property(l => l.Description).HasMaxLength(500);
        b.Property(l => l.Unit).HasMaxLength(20);
        b.Property(l => l.Quantity).HasPrecision(18, 3);
        b.Property(l => l.DiscountPercent).HasPrecision(5, 2);
        b.Property(l => l.TaxRatePercent).HasPrecision(5, 2);
        b.HasIndex(l => new { l.OrderId, l.Position });
    }
}
