using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Core.Sales;

internal sealed class QuoteLineConfiguration : IEntityTypeConfiguration<QuoteLine>
{
    public void Configure(EntityTypeBuilder<QuoteLine> b)
    {
        b.ToTable("QuoteLines");
        b.Property(l => l.Description).HasMaxLength(500);
        b.Property(l => l.Unit).HasMaxLength(20);
        b.Property(l => l.Quantity).HasPrecision(18, 3);
        b.Property(l => l.DiscountPercent).HasPrecision(5, 2);
        b.Property(l => l.TaxRatePercent).HasPrecision(5, 2);
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(l => new { l.QuoteId, l.Position });
    }
}
