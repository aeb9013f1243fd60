using Rapport.Core.Sales;

namespace Rapport.Server.Sales;

/// <summary>REST endpoints for quotes: drafts, revisions, the send / accept / reject decisions and the PDF.</summary>
internal static class QuotesEndpoints
{
    public static RouteGroupBuilder MapQuotesApi(this RouteGroupBuilder api)
    {
        var sales = api.MapGroup("").WithTags("Sales");

        sales.MapGet("/opportunities/{id:guid}/quotes", (Guid id, QuoteService s, CancellationToken ct) => s.ListAsync(id, ct))
            .WithName("ListQuotes").WithSummary("The quotes (all revisions) of an opportunity, newest first.");
        sales.MapPost("/opportunities/{id:guid}/quotes", (Guid id, QuoteInput input, QuoteService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.CreateAsync(id, input, ct), dto => $"/api/v1/quotes/{dto.Id}"))
            .WithName("CreateQuote").WithSummary("Draft a quote: lines with product (its price-list price if none given), quantity, discount and tax.");
        var quotes = sales.MapGroup("/quotes");
        var quote = new VersionedRoutes<QuoteService, QuoteDto>(quotes);
        quote.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetQuote").WithSummary("One quote with its lines and totals.");
        quote.MapPut<QuoteInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateQuote").WithSummary("Replace a draft's lines, validity and notes.");
        quote.MapAction("/{id:guid}/send", (s, id, v, ct) => s.SendAsync(id, v, ct))
            .WithName("SendQuote").WithSummary("Mark a draft as sent to the customer.");
        quotes.MapPost("/{id:guid}/accept", async (Guid id, QuoteAcceptInput? input, QuoteService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.AcceptAsync(id, input ?? new(), ETags.Expected(request), ct)))
            .WithName("AcceptQuote").WithSummary("The customer accepted: by default this also creates the order.");
        quote.MapAction("/{id:guid}/reject", (s, id, v, ct) => s.RejectAsync(id, v, ct))
            .WithName("RejectQuote").WithSummary("The customer declined.");
        // If-Match names the revision revised from; the ETag is the new revision's.
        quotes.MapPost("/{id:guid}/revise", (Guid id, QuoteService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.ReviseAsync(id, ETags.Expected(request), ct), dto => $"/api/v1/quotes/{dto.Id}"))
            .WithName("ReviseQuote").WithSummary("A new draft revision with the same number and a copy of the lines.");
        quotes.MapGet("/{id:guid}/pdf", async (Guid id, QuoteService s, QuotePdf pdf, CancellationToken ct) =>
            {
                var quote = await s.GetAsync(id, ct);
                // A document speaks the company's language and time zone, whoever prints it.
                var bytes = await pdf.RenderAsync(quote, ct);
                var name = quote.Revision > 1 ? $"{quote.Number}-R{quote.Revision}.pdf" : $"{quote.Number}.pdf";
                return TypedResults.File(bytes, "application/pdf", name);
            })
            .RequireRateLimiting(SecuritySetup.PdfLimit)
            .WithName("QuotePdf").WithSummary("The quote as a PDF in the company's document language and time zone (rate-limited per user).");
        return api;
    }
}
