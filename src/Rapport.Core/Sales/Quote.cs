using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Core.Sales;

/// <summary>Draft → sent → accepted or rejected; a sent quote past its validity reads as expired.</summary>
public enum QuoteStatus { Draft, Sent, Accepted, Rejected, Expired }

/// <summary>A priced offer on an opportunity. Revising a quote makes a new draft revision with the same number;
/// earlier revisions stay as they were sent.</summary>
public sealed class Quote : Versioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public int Revision { get; init; } = 1;
    public Guid OpportunityId { get; init; }
    public Opportunity? Opportunity { get; init; }
    public Guid CustomerId { get; init; }
    public required string Currency { get; init; }
    public QuoteStatus Status { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public string? Notes { get; set; }
    public long SubtotalMinor { get; set; }
    public long TaxMinor { get; set; }
    public long TotalMinor { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? OrderId { get; set; }
    public List<QuoteLine> Lines { get; init; } = [];
}

/// <summary>A record that carries who made it and when, when it last changed, and a version for optimistic
/// concurrency (the ETag); <see cref="Touch"/> marks a change.</summary>
public abstract class Versioned
{
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; private set; } = 1;

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>One line: a product (or free text), quantity, unit price, discount and tax, with its amounts worked out
/// and kept (see <see cref="QuoteMath"/>).</summary>
public sealed class QuoteLine
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid QuoteId { get; init; }
    public int Position { get; set; }
    public Guid? ProductId { get; set; }
    public required string Description { get; set; }
    public string? Unit { get; set; }
    public decimal Quantity { get; set; }
    public long UnitPriceMinor { get; set; }
    public decimal DiscountPercent { get; set; }
    public decimal TaxRatePercent { get; set; }
    public long NetMinor { get; set; }
    public long TaxMinor { get; set; }
}

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> b)
    {
        b.ToTable("Quotes");
        b.Property(q => q.Number).HasMaxLength(40);
        b.Property(q => q.Currency).HasMaxLength(3);
        b.Property(q => q.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(q => q.Notes).HasMaxLength(4000);
        b.Property(q => q.Version).IsConcurrencyToken();
        b.HasOne(q => q.Opportunity).WithMany().HasForeignKey(q => q.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(q => q.Lines).WithOne().HasForeignKey(l => l.QuoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(q => new { q.Number, q.Revision }).IsUnique();
        b.HasIndex(q => new { q.OpportunityId, q.CreatedAt });
    }
}

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

/// <summary>The arithmetic of quotes and orders, in minor units (fen, cents) with decimal intermediates: a line's
/// net is quantity × unit price less the discount, its tax is the net × the rate, each rounded half away from zero
/// to the cent; the document's totals are the sums of its lines (so the lines always add up to the total printed).</summary>
public static class QuoteMath
{
    public static long LineNetMinor(decimal quantity, long unitPriceMinor, decimal discountPercent) =>
        (long)decimal.Round(quantity * unitPriceMinor * (100m - discountPercent) / 100m, 0, MidpointRounding.AwayFromZero);

    public static long LineTaxMinor(long netMinor, decimal taxRatePercent) =>
        (long)decimal.Round(netMinor * taxRatePercent / 100m, 0, MidpointRounding.AwayFromZero);

    /// <summary>Works out every line and the quote's totals.</summary>
    public static void Total(Quote quote)
    {
        foreach (var line in quote.Lines)
        {
            line.NetMinor = LineNetMinor(line.Quantity, line.UnitPriceMinor, line.DiscountPercent);
            line.TaxMinor = LineTaxMinor(line.NetMinor, line.TaxRatePercent);
        }
        quote.SubtotalMinor = quote.Lines.Sum(l => l.NetMinor);
        quote.TaxMinor = quote.Lines.Sum(l => l.TaxMinor);
        quote.TotalMinor = quote.SubtotalMinor + quote.TaxMinor;
    }
}
