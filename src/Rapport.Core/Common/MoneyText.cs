namespace Rapport.Core.Common;

/// <summary>An amount with its currency code as a message argument, written when the message is: in the reader's
/// culture, with the currency's own decimals (<c>CNY 7,000.00</c>, <c>JPY 7,000</c>).</summary>
public sealed record MoneyText(decimal Amount, string Currency) : IFormattable
{
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Currency + " " + Amount.ToString("N" + Common.Currency.Exponent(Currency).ToString(CultureInfo.InvariantCulture), formatProvider);

    public override string ToString() => ToString(null, CultureInfo.CurrentCulture);
}
