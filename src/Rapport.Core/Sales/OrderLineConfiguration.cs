namespace Rapport.Core.Sales;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("OrderLines");
        b.HasLineColumns();
        b.HasIndex(l => new { l.OrderId, l.Position });
    }
}
