using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Core.Sales;

public enum OrderStatus { Open, Fulfilled, Cancelled }

public enum InvoiceStatus { Open, PartiallyPaid, Paid, Void }

/// <summary>What a customer ordered, from an accepted quote. <see cref="ExternalId"/> is where an ERP's own id goes
/// when orders are synchronised later.</summary>
public sealed class Order
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public Guid? QuoteId { get; init; }
    public Guid CustomerId { get; init; }
    public Customers.Customer? Customer { get; init; }
    public Guid? OwnerId { get; set; }
    public required string Currency { get; init; }
    public OrderStatus Status { get; set; }
    public long SubtotalMinor { get; init; }
    public long TaxMinor { get; init; }
    public long TotalMinor { get; init; }
    /// <summary>What its invoices (not void) add up to; raised by one conditional UPDATE per invoice so parallel
    /// invoices can never together exceed <see cref="TotalMinor"/>.</summary>
    public long InvoicedMinor { get; set; }
    public string? ExternalId { get; set; }
    public List<OrderLine> Lines { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
}

public sealed class OrderLine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrderId { get; init; }
    public int Position { get; init; }
    public Guid? ProductId { get; init; }
    public required string Description { get; init; }
    public string? Unit { get; init; }
    public decimal Quantity { get; init; }
    public long UnitPriceMinor { get; init; }
    public decimal DiscountPercent { get; init; }
    public decimal TaxRatePercent { get; init; }
    public long NetMinor { get; init; }
    public long TaxMinor { get; init; }
}

/// <summary>A receivable for (part of) an order, due on a date; payments settle it.</summary>
public sealed class Invoice
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public Guid OrderId { get; init; }
    public Order? Order { get; init; }
    public Guid CustomerId { get; init; }
    public required string Currency { get; init; }
    public DateOnly IssuedOn { get; init; }
    public DateOnly DueOn { get; set; }
    public long AmountMinor { get; init; }
    public long PaidMinor { get; set; }
    public InvoiceStatus Status { get; set; }
    public string? ExternalId { get; set; }
    public DateTime CreatedAt { get; init; }
    public long Version { get; private set; } = 1;

    public void Touch() => Version++;
}

public sealed class Payment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid InvoiceId { get; init; }
    public Invoice? Invoice { get; init; }
    public long AmountMinor { get; init; }
    public DateOnly PaidOn { get; init; }
    public string? Method { get; init; }
    public string? Reference { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? RecordedById { get; init; }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("Orders");
        b.Property(o => o.Number).HasMaxLength(40);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.ExternalId).HasMaxLength(100);
        b.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Quote>().WithMany().HasForeignKey(o => o.QuoteId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(o => o.Number).IsUnique();
        b.HasIndex(o => new { o.CreatedAt, o.Id });
        b.HasIndex(o => new { o.CustomerId, o.CreatedAt });
        b.HasIndex(o => o.ExternalId);
    }
}

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

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.ToTable("Invoices");
        b.Property(i => i.Number).HasMaxLength(40);
        b.Property(i => i.Currency).HasMaxLength(3);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.ExternalId).HasMaxLength(100);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasOne(i => i.Order).WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => i.Number).IsUnique();
        // The overdue list: open invoices by due date.
        b.HasIndex(i => new { i.Status, i.DueOn, i.Id });
        b.HasIndex(i => new { i.OrderId, i.IssuedOn });
        b.HasIndex(i => new { i.IssuedOn, i.Id });
    }
}

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
