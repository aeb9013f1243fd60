namespace Rapport.Core.Customers;

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> b)
    {
        b.ToTable("CustomerTags");
        b.HasKey(t => new { t.CustomerId, t.Name });
        b.Property(t => t.Name).HasMaxLength(50);
        b.HasIndex(t => new { t.Name, t.CustomerId });
    }
}
