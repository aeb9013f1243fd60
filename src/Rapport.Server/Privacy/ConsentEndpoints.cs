using Rapport.Core.Privacy;
using Rapport.Server.Leads;

namespace Rapport.Server.Privacy;

/// <summary>A customer's consent ledger in the API, and the public unsubscribe page behind the links in marketing mail
/// (a page with one button, and RFC 8058 one-click for mail clients that POST the link directly).</summary>
internal static class ConsentEndpoints
{
    public static RouteGroupBuilder MapConsentApi(this RouteGroupBuilder api)
    {
        var consents = api.MapGroup("/customers/{customerId:guid}/consents").WithTags("Customers");
        consents.MapGet("/", (Guid customerId, ConsentLedger s, CancellationToken ct) => s.LedgerAsync(customerId, ct))
            .WithName("CustomerConsents").WithSummary("The customer's consent ledger: the current state per purpose and address, and every line.");
        consents.MapPost("/", async (Guid customerId, ConsentInput input, ConsentLedger s, CancellationToken ct) =>
            {
                var entry = await s.RecordAsync(customerId, input, ct);
                return TypedResults.Created($"/api/v1/customers/{customerId}/consents", entry);
            })
            .WithName("RecordConsent").WithSummary("Record a consent given or withdrawn, with its proof (lines are never changed or removed).");
        return api;
    }

    public static IEndpointRouteBuilder MapUnsubscribePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/unsubscribe").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/{token}", Show).RequireRateLimiting(SecuritySetup.HelpLimit);
        pages.MapPost("/{token}", Unsubscribe).DisableAntiforgery().RequireRateLimiting(SecuritySetup.PublicFormLimit);
        return app;
    }

    private static IResult Show(string token, IConsentLinks links, IStringLocalizer<SharedResource> text)
    {
        if (links.Read(token) is not { } link) return NotFound(text);
        var body = $"""
            <h1>{E(text["Consent.UnsubscribeTitle"])}</h1>
            <p>{E(text["Consent.UnsubscribeQuestion", text["Enum.ConsentPurpose." + link.Purpose].Value, Masked(link.Address)])}</p>
            <form method="post"><button type="submit" data-testid="unsubscribe-confirm">{E(text["Consent.UnsubscribeButton"])}</button></form>
            """;
        return PublicLeadFormEndpoints.Html(PublicLeadFormEndpoints.Shell(text["Consent.UnsubscribeTitle"], body), 200);
    }

    private static async Task<IResult> Unsubscribe(string token, HttpContext http, IConsentLinks links, ConsentLedger ledger,
        IStringLocalizer<SharedResource> text)
    {
        if (links.Read(token) is not { } link) return NotFound(text);
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var oneClick = form?["List-Unsubscribe"].ToString() == "One-Click";
        var proof = $"{(oneClick ? "One-click unsubscribe (RFC 8058)" : "Unsubscribe page")} from {http.Connection.RemoteIpAddress}"
            + (http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ", " + TextCut.ToLength(ua, 300) : "");
        await ledger.UnsubscribeAsync(link.Address, link.Purpose, proof, http.RequestAborted);
        var body = $"""
            <h1>{E(text["Consent.UnsubscribedTitle"])}</h1>
            <p data-testid="unsubscribe-done">{E(text["Consent.Unsubscribed", text["Enum.ConsentPurpose." + link.Purpose].Value, Masked(link.Address)])}</p>
            """;
        return PublicLeadFormEndpoints.Html(PublicLeadFormEndpoints.Shell(text["Consent.UnsubscribedTitle"], body), 200);
    }

    private static IResult NotFound(IStringLocalizer<SharedResource> text) =>
        PublicLeadFormEndpoints.Html(PublicLeadFormEndpoints.Shell(text["Consent.LinkInvalidTitle"],
            $"<p>{E(text["Consent.LinkInvalid"])}</p>"), 404);

    /// <summary>Enough of the address for its owner to recognise it, not enough for someone who found the link.</summary>
    internal static string Masked(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at > 0) return address[..1] + "***" + address[at..];
        return address.Length > 4 ? new string('*', address.Length - 4) + address[^4..] : "****";
    }

    private static string E(string s) => PublicLeadFormEndpoints.E(s);
}
