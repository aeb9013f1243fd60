namespace Rapport.Core.Sales;

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
