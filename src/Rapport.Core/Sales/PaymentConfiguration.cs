namespace Rapport.Core.Sales;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("Payments");
        b.Property(p => p.Method).HasMaxLength(50);
        b.Property(p => p.Reference).HasMaxLength(100);
        b.HasOne(p => p.Invoice).WithMany().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.InvoiceId, p.PaidOn });
    }
}
