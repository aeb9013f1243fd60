using Rapport.Core.Sales;

namespace Rapport.Server.Sales;

/// <summary>A quote as a PDF (see <see cref="DocumentPdf"/>, which draws it): its number and revision, date, validity,
/// customer, lines, totals per tax rate and notes.</summary>
public sealed class QuotePdf(DocumentPdf pdf)
{
    public async Task<byte[]> RenderAsync(QuoteDto quote, CancellationToken ct)
    {
        var sender = await pdf.SenderAsync(ct);
        string L(string key, params object[] args) => pdf.L(sender, key, args);
        var culture = sender.Culture;
        var facts = new List<(string, string)>
        {
            (L("Pdf.Number"), quote.Revision > 1 ? $"{quote.Number} / {L("Pdf.Revision", quote.Revision)}" : quote.Number),
            (L("Pdf.Date"), Rapport.Core.Common.TimeZones.ToLocal(quote.SentAt ?? quote.CreatedAt, sender.Zone).ToString("d", culture)),
        };
        if (quote.ValidUntil is { } until) facts.Add((L("Pdf.ValidUntil"), until.ToString("d", culture)));
        facts.Add((L("Pdf.Customer"), quote.CustomerName));
        facts.Add((L("Pdf.Currency"), quote.Currency));
        var lines = quote.Lines.Select(l => new DocumentLineView(l.Description, Quantity(l.Quantity, l.Unit, culture), l.UnitPrice, l.DiscountPercent,
            l.TaxRatePercent, l.Net, l.Tax)).ToList();
        return pdf.Render(new SalesDocument(L("Pdf.Quote"), quote.Number, facts, quote.Currency, lines,
            [new(L("Pdf.Subtotal"), quote.Subtotal), new(L("Pdf.Tax"), quote.Tax), new(L("Pdf.Total"), quote.Total, Strong: true)], quote.Notes), sender);
    }

    /// <summary>A line's quantity with its unit, as the document's language writes numbers.</summary>
    internal static string Quantity(decimal quantity, string? unit, CultureInfo culture) =>
        quantity.ToString("0.###", culture) + (unit is null ? "" : " " + unit);
}
