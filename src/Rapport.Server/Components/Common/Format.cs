namespace Rapport.Server.Components.Common;

/// <summary>Calendar dates, numbers and amounts as the reader's culture writes them (the circuit runs in the user's
/// culture). Instants (UTC <see cref="System.DateTime"/>s) go through <see cref="ReaderTime"/>, which knows the reader's zone.</summary>
public static class Format
{
    public static string Number(long n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A calendar date (no time zone to convert).</summary>
    public static string Date(DateOnly d) => d.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>An amount with its currency code in front (<c>CNY 12,000.50</c>): unambiguous when a list mixes currencies.</summary>
    public static string Money(decimal amount, string currency) => currency + " " + Amount(amount, currency);

    /// <summary>An amount where the currency is already shown (a table of one quote), with the currency's own decimals:
    /// <c>12,000.50</c> yuan, <c>12,000</c> yen, <c>12,000.500</c> dinar.</summary>
    public static string Amount(decimal amount, string currency) =>
        amount.ToString("N" + Rapport.Core.Common.Currency.Exponent(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture);
}
