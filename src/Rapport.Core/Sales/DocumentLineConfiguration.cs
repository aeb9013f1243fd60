namespace Rapport.Core.Sales;

/// <summary>The columns of <see cref="DocumentLine"/>, the same in every document's line table.</summary>
internal static class DocumentLineConfiguration
{
    public static void HasLineColumns<T>(this EntityTypeBuilder<T> b) where T : DocumentLine
    {
        b.Property(l => l.Description).HasMaxLength(500);
        b.Property(l => l.Unit).HasMaxLength(20);
        b.Property(l => l.Quantity).HasPrecision(18, 3);
        b.Property(l => l.DiscountPercent).HasPrecision(5, 2);
        b.Property(l => l.TaxRatePercent).HasPrecision(5, 2);
    }
}
