namespace Rapport.Core.Customers;

internal sealed class CustomerChannelConfiguration : IEntityTypeConfiguration<CustomerChannel>
{
    public void Configure(EntityTypeBuilder<CustomerChannel> b)
    {
        b.ToTable("CustomerChannels");
        b.Property(c => c.Value).HasMaxLength(320);
        b.Property(c => c.Label).HasMaxLength(50);
        b.HasIndex(c => new { c.Kind, c.Value });
        b.HasIndex(c => c.CustomerId);
    }
}
