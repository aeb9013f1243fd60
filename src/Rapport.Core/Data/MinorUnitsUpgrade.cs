namespace Rapport.Core.Data;

/// <summary>
/// Stored amounts used to be hundredths in every currency. Since <see cref="Currency"/> they are each currency's own
/// minor unit, so amounts in currencies without cents (JPY, KRW …) or with thousandths (KWD, BHD …) are converted once,
/// by the migration of both providers, keeping their value (yen round half up to whole yen).
/// </summary>
public static class MinorUnitsUpgrade
{
    /// <summary>Each table with amounts: its columns, and the condition that picks rows in a currency list.</summary>
    private static readonly (string Table, string[] Columns, string InCurrencies)[] Tables =
    [
        ("Opportunities", ["AmountMinor"], "\"Currency\" IN ({0})"),
        ("Quotes", ["SubtotalMinor", "TaxMinor", "TotalMinor"], "\"Currency\" IN ({0})"),
        ("QuoteLines", ["UnitPriceMinor", "NetMinor", "TaxMinor"], "\"QuoteId\" IN (SELECT \"Id\" FROM \"Quotes\" WHERE \"Currency\" IN ({0}))"),
        ("Orders", ["SubtotalMinor", "TaxMinor", "TotalMinor", "InvoicedMinor"], "\"Currency\" IN ({0})"),
        ("OrderLines", ["UnitPriceMinor", "NetMinor", "TaxMinor"], "\"OrderId\" IN (SELECT \"Id\" FROM \"Orders\" WHERE \"Currency\" IN ({0}))"),
        ("Invoices", ["AmountMinor", "PaidMinor"], "\"Currency\" IN ({0})"),
        ("Payments", ["AmountMinor"], "\"InvoiceId\" IN (SELECT \"Id\" FROM \"Invoices\" WHERE \"Currency\" IN ({0}))"),
        ("Contracts", ["ValueMinor"], "\"Currency\" IN ({0})"),
        ("PriceListItems", ["UnitPriceMinor"], "\"PriceListId\" IN (SELECT \"Id\" FROM \"PriceLists\" WHERE \"Currency\" IN ({0}))"),
    ];

    /// <summary>UPDATE statements (the same SQL on SQLite and PostgreSQL) from hundredths to minor units, or back.</summary>
    public static IEnumerable<string> Statements(bool up)
    {
        foreach (var exponent in new[] { 0, 3, 4 })
        {
            var codes = string.Join(", ", Currency.WithExponent(exponent).Select(c => "'" + c + "'"));
            // Integer arithmetic on bigint columns; amounts are never negative, so (x + 50) / 100 rounds half up.
            Func<string, string> convert = (up, exponent) switch
            {
                (true, 0) => c => $"(\"{c}\" + 50) / 100",
                (false, 0) => c => $"\"{c}\" * 100",
                (true, _) => c => $"\"{c}\" * {Factor(exponent)}",
                (false, _) => c => $"(\"{c}\" + {Factor(exponent) / 2}) / {Factor(exponent)}",
            };
            foreach (var (table, columns, where) in Tables)
                yield return $"UPDATE \"{table}\" SET {string.Join(", ", columns.Select(c => $"\"{c}\" = {convert(c)}"))} " +
                             $"WHERE {string.Format(CultureInfo.InvariantCulture, where, codes)};";
        }
    }

    private static long Factor(int exponent) => exponent == 3 ? 10 : 100;
}
