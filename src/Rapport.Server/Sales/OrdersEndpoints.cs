using Rapport.Core.Sales;

namespace Rapport.Server.Sales;

/// <summary>REST endpoints for orders, their invoices and the payments against them.</summary>
internal static class OrdersEndpoints
{
    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder api)
    {
        var sales = api.MapGroup("").WithTags("Sales");

        sales.MapGet("/orders", (OrderService s, CancellationToken ct, Guid? customerId, string? cursor, int? limit) => s.ListAsync(customerId, cursor, limit, ct))
            .WithName("ListOrders").WithSummary("Orders, newest first.");
        sales.MapGet("/orders/{id:guid}", async (Guid id, OrderService s, HttpResponse response, CancellationToken ct) => response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetOrder").WithSummary("One order with its lines and how much of it is invoiced.");
        sales.MapPost("/orders/{id:guid}/invoices", (Guid id, InvoiceInput? input, OrderService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.InvoiceAsync(id, input ?? new(), ct), dto => $"/api/v1/invoices/{dto.Id}"))
            .WithName("InvoiceOrder").WithSummary("Invoice (part of) an order; by default the rest of it, due in 30 days.");
        sales.MapGet("/invoices", (OrderService s, CancellationToken ct, bool overdue = false, string? cursor = null, int? limit = null) =>
                s.InvoicesAsync(overdue, cursor, limit, ct))
            .WithName("ListInvoices").WithSummary("Invoices, latest first; overdue=true lists unpaid ones past due, oldest due first.");
        sales.MapGet("/invoices/{id:guid}", async (Guid id, OrderService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetInvoiceAsync(id, ct)))
            .WithName("GetInvoice").WithSummary("One invoice with what is paid and outstanding.");
        sales.MapGet("/invoices/{id:guid}/pdf", async (Guid id, OrderService s, InvoicePdf pdf, CancellationToken ct) =>
            {
                var invoice = await s.GetInvoiceAsync(id, ct);
                // A document speaks the company's language and time zone, whoever prints it.
                var bytes = await pdf.RenderAsync(invoice, await s.GetAsync(invoice.OrderId, ct), ct);
                return TypedResults.File(bytes, "application/pdf", $"{invoice.Number}.pdf");
            })
            .RequireRateLimiting(SecuritySetup.PdfLimit)
            .WithName("InvoicePdf").WithSummary("The invoice as a PDF in the company's document language and time zone (rate-limited per user).");
        sales.MapGet("/invoices/{id:guid}/payments", (Guid id, OrderService s, CancellationToken ct) => s.PaymentsAsync(id, ct))
            .WithName("ListPayments").WithSummary("Payments recorded against an invoice.");
        // If-Match names the invoice's version: a payment is an action on the invoice.
        sales.MapPost("/invoices/{id:guid}/payments", (Guid id, PaymentInput input, OrderService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.RecordPaymentAsync(id, input, ETags.Expected(request), ct), dto => $"/api/v1/invoices/{id}/payments"))
            .WithName("RecordPayment").WithSummary("Record money received (partial payments allowed, never more than is outstanding).");
        return api;
    }
}
