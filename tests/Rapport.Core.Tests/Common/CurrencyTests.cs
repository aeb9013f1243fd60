namespace Rapport.Core.Tests.Common;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("JPY", 1234, 1234L)]
    [InlineData("KRW", 50000, 50000L)]
    [InlineData("CNY", 16810.82, 1681082L)]
    [InlineData("USD", 0.01, 1L)]
    [InlineData("KWD", 12.345, 12345L)]
    [InlineData("CLF", 1.2345, 12345L)]
    public void Amounts_round_trip_through_the_currencys_own_minor_units(string currency, decimal amount, long minor)
    {
        Assert.Equal(minor, Currency.ToMinor(amount, currency));
        Assert.Equal(amount, Currency.FromMinor(minor, currency));
    }

    [Theory]
    [InlineData("JPY", 2.5, 3L)]
    [InlineData("JPY", 3.5, 4L)]
    [InlineData("CNY", 0.005, 1L)]
    [InlineData("CNY", 0.015, 2L)]
    [InlineData("CNY", 10.004, 1000L)]
    [InlineData("KWD", 0.0005, 1L)]
    public void Conversion_rounds_half_away_from_zero_instead_of_truncating(string currency, decimal amount, long minor) =>
        Assert.Equal(minor, Currency.ToMinor(amount, currency));

    [Fact]
    public void A_total_of_minor_units_is_exact_in_each_currency()
    {
        // 3 × ¥333 + 1 yen, 3 × 33.33 + 0.01 yuan, 3 × 0.333 + 0.001 dinar: each adds up to one whole unit × 1000 or 1.
        Assert.Equal(1000m, Currency.FromMinor(3 * Currency.ToMinor(333m, "JPY") + Currency.ToMinor(1m, "JPY"), "JPY"));
        Assert.Equal(100m, Currency.FromMinor(3 * Currency.ToMinor(33.33m, "CNY") + Currency.ToMinor(0.01m, "CNY"), "CNY"));
        Assert.Equal(1m, Currency.FromMinor(3 * Currency.ToMinor(0.333m, "KWD") + Currency.ToMinor(0.001m, "KWD"), "KWD"));
    }

    [Theory]
    [InlineData("JPY", 100, true)]
    [InlineData("JPY", 100.5, false)]
    [InlineData("CNY", 100.55, true)]
    [InlineData("CNY", 100.555, false)]
    [InlineData("KWD", 100.555, true)]
    [InlineData("USD", -1, false)]
    [InlineData("USD", 100_000_000_000.01, false)]
    public void An_amount_must_be_expressible_in_the_currency(string currency, decimal amount, bool valid) =>
        Assert.Equal(valid, Currency.IsAmount(amount, currency));

    [Theory]
    [InlineData(" cny ", "CNY")]
    [InlineData("cny", "CNY")]
    [InlineData("Jpy", "JPY")]
    [InlineData("EUR", "EUR")]
    [InlineData("CN", null)]
    [InlineData("C1Y", null)]
    [InlineData("RMB1", null)]
    [InlineData("人民币", null)]
    [InlineData("¥", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Codes_are_three_letters_in_upper_case(string? raw, string? code) => Assert.Equal(code, Currency.Normalize(raw));

    [Fact]
    public void The_largest_amount_fits_in_minor_units_at_every_exponent() =>
        Assert.Equal(1_000_000_000_000_000L, Currency.ToMinor(Currency.AmountMax, "CLF"));
}
