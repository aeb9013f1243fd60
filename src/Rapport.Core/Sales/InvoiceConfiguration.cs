namespace Rapport.Core.Sales;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.ToTable("Invoices");
        b.HasNumber(i => i.Number);
        b.HasCurrencyCode(i => i.Currency);
        b.Property(i => i.ExternalId).HasMaxLength(100);
        b.HasOne(i => i.Order).WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Restrict);
        // The overdue list: open invoices by due date.
        b.HasKeysetIndex(i => new { i.Status, i.DueOn });
        b.HasIndex(i => new { i.OrderId, i.IssuedOn });
        b.HasKeysetIndex(i => i.IssuedOn);
    }
}
