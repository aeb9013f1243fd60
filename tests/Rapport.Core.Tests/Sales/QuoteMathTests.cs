using Rapport.Core.Sales;

namespace Rapport.Core.Tests.Sales;

/// <summary>Quote arithmetic in minor units: discount then tax per line, each rounded half away from zero to the
/// cent, and totals that are exactly the sums of the lines.</summary>
public sealed class QuoteMathTests
{
    [Theory]
    [InlineData("3", 1999, "0", 5997)]          // 3 × 19.99
    [InlineData("2.5", 1000, "10", 2250)]       // 2.5 × 10.00 less 10%
    [InlineData("1", 333, "33.33", 222)]        // 3.33 less 33.33% = 2.2201 → 2.22
    [InlineData("1", 5, "50", 3)]               // 0.05 less 50% = 0.025 → 0.03 (half away from zero)
    [InlineData("0.001", 100000, "0", 100)]     // a thousandth of 1,000.00
    public void Line_net_applies_the_discount_and_rounds_to_the_cent(string quantity, long unitMinor, string discount, long expected) =>
        Assert.Equal(expected, QuoteMath.LineNetMinor(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), unitMinor,
            decimal.Parse(discount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(10000, "13", 1300)]
    [InlineData(1, "13", 0)]        // 0.0013 → 0.00
    [InlineData(50, "13", 7)]       // 0.065 → 0.07
    [InlineData(12345, "6", 741)]   // 7.407 → 7.41
    public void Line_tax_is_the_net_times_the_rate_rounded_to_the_cent(long netMinor, string rate, long expected) =>
        Assert.Equal(expected, QuoteMath.LineTaxMinor(netMinor, decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_totals_are_the_sums_of_the_rounded_lines()
    {
        var quote = new Quote { Number = "Q", Currency = "CNY" };
        quote.Lines.Add(new QuoteLine { Description = "a", Quantity = 3, UnitPriceMinor = 1999, TaxRatePercent = 13 });           // 59.97, tax 7.80 (7.7961)
        quote.Lines.Add(new QuoteLine { Description = "b", Quantity = 1, UnitPriceMinor = 5, DiscountPercent = 50, TaxRatePercent = 13 }); // 0.03, tax 0.00 (0.0039)
        quote.Lines.Add(new QuoteLine { Description = "c", Quantity = 2, UnitPriceMinor = 125050, DiscountPercent = 15, TaxRatePercent = 6 }); // 2125.85, tax 127.55

        QuoteMath.Total(quote);

        Assert.Equal([5997L, 3L, 212585L], quote.Lines.Select(l => l.NetMinor));
        Assert.Equal([780L, 0L, 12755L], quote.Lines.Select(l => l.TaxMinor));
        Assert.Equal((218585L, 13535L, 232120L), (quote.SubtotalMinor, quote.TaxMinor, quote.TotalMinor));
    }
}
