using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Core.Common;
using Rapport.Core.Sales;
using Rapport.Core.Settings;
using Rapport.Server.Infrastructure;

namespace Rapport.Server.Sales;

/// <summary>REST endpoints for products and price lists, quotes (with their PDF), orders, invoices and payments.</summary>
internal static class QuotesEndpoints
{
    public static IEndpointRouteBuilder MapQuotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().WithTags("Sales");

        api.MapGet("/products", (ProductService s, CancellationToken ct, string? q, bool includeInactive = false) => s.ListAsync(q, includeInactive, ct))
            .WithName("ListProducts").WithSummary("The catalogue by name (active products unless includeInactive).");
        api.MapPost("/products", async (ProductInput input, ProductService s, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/products/{dto.Id}", dto);
            })
            .WithName("CreateProduct").WithSummary("Add a product (SKU unique).");
        api.MapPut("/products/{id:guid}", (Guid id, ProductInput input, ProductService s, CancellationToken ct) => s.UpdateAsync(id, input, ct))
            .WithName("UpdateProduct").WithSummary("Change a product, or retire it (active=false).");
        api.MapGet("/price-lists", (ProductService s, CancellationToken ct) => s.PriceListsAsync(ct)).WithName("ListPriceLists").WithSummary("Price lists by currency.");
        api.MapPost("/price-lists", async (PriceListInput input, ProductService s, CancellationToken ct) =>
            {
                var dto = await s.CreatePriceListAsync(input, ct);
                return TypedResults.Created($"/api/v1/price-lists/{dto.Id}", dto);
            })
            .WithName("CreatePriceList").WithSummary("Prices in one currency from a date (to a date).");
        api.MapPut("/price-lists/{id:guid}", (Guid id, PriceListInput input, ProductService s, CancellationToken ct) => s.UpdatePriceListAsync(id, input, ct))
            .WithName("UpdatePriceList").WithSummary("Replace a price list.");

        api.MapGet("/opportunities/{id:guid}/quotes", (Guid id, QuoteService s, CancellationToken ct) => s.ListAsync(id, ct))
            .WithName("ListQuotes").WithSummary("The quotes (all revisions) of an opportunity, newest first.");
        api.MapPost("/opportunities/{id:guid}/quotes", async (Guid id, QuoteInput input, QuoteService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/quotes/{dto.Id}", response.WithETag(dto, dto.Version));
            })
            .WithName("CreateQuote").WithSummary("Draft a quote: lines with product (its price-list price if none given), quantity, discount and tax.");
        var quotes = api.MapGroup("/quotes");
        quotes.MapGet("/{id:guid}", async (Guid id, QuoteService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.GetAsync(id, ct);
                return TypedResults.Ok(response.WithETag(dto, dto.Version));
            })
            .WithName("GetQuote").WithSummary("One quote with its lines and totals.");
        quotes.MapPut("/{id:guid}", async (Guid id, QuoteInput input, QuoteService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.UpdateAsync(id, input, ETags.Expected(request), ct);
                return TypedResults.Ok(response.WithETag(dto, dto.Version));
            })
            .WithName("UpdateQuote").WithSummary("Replace a draft's lines, validity and notes.");
        quotes.MapPost("/{id:guid}/send", (Guid id, QuoteService s, CancellationToken ct) => s.SendAsync(id, ct))
            .WithName("SendQuote").WithSummary("Mark a draft as sent to the customer.");
        quotes.MapPost("/{id:guid}/accept", (Guid id, QuoteAcceptInput? input, QuoteService s, CancellationToken ct) => s.AcceptAsync(id, input ?? new(), ct))
            .WithName("AcceptQuote").WithSummary("The customer accepted: by default this also creates the order.");
        quotes.MapPost("/{id:guid}/reject", (Guid id, QuoteService s, CancellationToken ct) => s.RejectAsync(id, ct))
            .WithName("RejectQuote").WithSummary("The customer declined.");
        quotes.MapPost("/{id:guid}/revise", async (Guid id, QuoteService s, CancellationToken ct) =>
            {
                var dto = await s.ReviseAsync(id, ct);
                return TypedResults.Created($"/api/v1/quotes/{dto.Id}", dto);
            })
            .WithName("ReviseQuote").WithSummary("A new draft revision with the same number and a copy of the lines.");
        quotes.MapGet("/{id:guid}/pdf", async (Guid id, QuoteService s, SettingsService settings, QuotePdf pdf, CancellationToken ct) =>
            {
                var quote = await s.GetAsync(id, ct);
                var bytes = pdf.Render(quote, await settings.GetAsync<SalesSettings>(ct));
                var name = quote.Revision > 1 ? $"{quote.Number}-R{quote.Revision}.pdf" : $"{quote.Number}.pdf";
                return TypedResults.File(bytes, "application/pdf", name);
            })
            .RequireRateLimiting(SecuritySetup.PdfLimit)
            .WithName("QuotePdf").WithSummary("The quote as a PDF in the company's document language (rate-limited per user).");

        api.MapGet("/orders", (OrderService s, CancellationToken ct, Guid? customerId, string? cursor, int? limit) => s.ListAsync(customerId, cursor, limit, ct))
            .WithName("ListOrders").WithSummary("Orders, newest first.");
        api.MapGet("/orders/{id:guid}", (Guid id, OrderService s, CancellationToken ct) => s.GetAsync(id, ct))
            .WithName("GetOrder").WithSummary("One order with its lines and how much of it is invoiced.");
        api.MapPost("/orders/{id:guid}/invoices", async (Guid id, InvoiceInput? input, OrderService s, CancellationToken ct) =>
            {
                var dto = await s.InvoiceAsync(id, input ?? new(), ct);
                return TypedResults.Created($"/api/v1/invoices/{dto.Id}", dto);
            })
            .WithName("InvoiceOrder").WithSummary("Invoice (part of) an order; by default the rest of it, due in 30 days.");
        api.MapGet("/invoices", (OrderService s, CancellationToken ct, bool overdue = false, string? cursor = null, int? limit = null) =>
                s.InvoicesAsync(overdue, cursor, limit, ct))
            .WithName("ListInvoices").WithSummary("Invoices, latest first; overdue=true lists unpaid ones past due, oldest due first.");
        api.MapGet("/invoices/{id:guid}", (Guid id, OrderService s, CancellationToken ct) => s.GetInvoiceAsync(id, ct))
            .WithName("GetInvoice").WithSummary("One invoice with what is paid and outstanding.");
        api.MapGet("/invoices/{id:guid}/payments", (Guid id, OrderService s, CancellationToken ct) => s.PaymentsAsync(id, ct))
            .WithName("ListPayments").WithSummary("Payments recorded against an invoice.");
        api.MapPost("/invoices/{id:guid}/payments", async (Guid id, PaymentInput input, OrderService s, CancellationToken ct) =>
            {
                var dto = await s.RecordPaymentAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/invoices/{id}/payments", dto);
            })
            .WithName("RecordPayment").WithSummary("Record money received (partial payments allowed, never more than is outstanding).");
        return app;
    }
}
