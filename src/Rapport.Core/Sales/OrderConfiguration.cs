namespace Rapport.Core.Sales;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("Orders");
        b.HasNumber(o => o.Number);
        b.HasCurrencyCode(o => o.Currency);
        b.Property(o => o.ExternalId).HasMaxLength(100);
        b.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Quote>().WithMany().HasForeignKey(o => o.QuoteId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasKeysetIndex(o => o.CreatedAt);
        b.HasIndex(o => new { o.CustomerId, o.CreatedAt });
        b.HasIndex(o => o.ExternalId);
        b.HasIndex(o => o.CampaignId);
    }
}
