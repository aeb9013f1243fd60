using Rapport.Core.Sales;

namespace Rapport.Server.Sales;

/// <summary>An invoice as a PDF (see <see cref="DocumentPdf"/>, which draws it): its number, issue and due dates, the
/// order and customer; the order's lines when it invoices the whole order, otherwise one line for the part invoiced (a
/// deposit, a balance); then what is paid so far and the amount due.</summary>
public sealed class InvoicePdf(DocumentPdf pdf)
{
    public async Task<byte[]> RenderAsync(InvoiceDto invoice, OrderDto order, CancellationToken ct)
    {
        var sender = await pdf.SenderAsync(ct);
        string L(string key, params object[] args) => pdf.L(sender, key, args);
        string Money(decimal d) => $"{invoice.Currency} {DocumentPdf.Money(sender, d, invoice.Currency)}";
        var culture = sender.Culture;
        List<(string, string)> facts =
        [
            (L("Pdf.Number"), invoice.Number), (L("Pdf.IssuedOn"), invoice.IssuedOn.ToString("d", culture)), (L("Pdf.DueOn"), invoice.DueOn.ToString("d", culture)),
            (L("Pdf.Order"), order.Number), (L("Pdf.Customer"), invoice.CustomerName), (L("Pdf.Currency"), invoice.Currency),
        ];
        var whole = invoice.Amount == order.Total;
        var lines = whole
            ? order.Lines.Select(l => new DocumentLineView(l.Description, QuotePdf.Quantity(l.Quantity, l.Unit, culture), l.UnitPrice, l.DiscountPercent,
                l.TaxRatePercent, l.Net, l.Tax)).ToList()
            : [new DocumentLineView(L("Pdf.PartOfOrder", order.Number, Money(order.Total)), "1", invoice.Amount, 0, null, invoice.Amount, 0)];
        List<DocumentTotal> totals = whole
            ? [new(L("Pdf.Subtotal"), order.Subtotal), new(L("Pdf.Tax"), order.Tax), new(L("Pdf.Total"), order.Total, Strong: true)]
            : [new(L("Pdf.InvoiceAmount"), invoice.Amount, Strong: true)];
        totals.Add(new(L("Pdf.PaidSoFar"), invoice.Paid));
        totals.Add(new(L("Pdf.AmountDue"), invoice.Outstanding, Strong: true));
        return pdf.Render(new SalesDocument(L("Pdf.Invoice"), invoice.Number, facts, invoice.Currency, lines, totals, null), sender);
    }
}
