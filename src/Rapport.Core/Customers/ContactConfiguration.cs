namespace Rapport.Core.Customers;

internal sealed class ContactConfiguration(bool postgres) : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.ToTable("Contacts");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Title).HasMaxLength(100);
        b.Property(c => c.Department).HasMaxLength(100);
        b.HasSearchText(2000, postgres);
        b.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasKeysetIndex(c => new { c.CustomerId, c.Name });
        // The contact export pages every contact in the caller's scope by (CreatedAt, Id).
        b.HasKeysetIndex(c => c.CreatedAt);
    }
}
