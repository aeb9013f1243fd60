using Rapport.Core.Sales;

namespace Rapport.Core.Marketing.Campaigns;

/// <summary>
/// Which campaign brought a lead, and what each campaign brought. A lead is attributed to the campaign its landing
/// link names (<c>utm_campaign</c>: the campaign's code or id) or, failing that, to the one whose tracked link the
/// visitor followed before sending the form (the signed click token kept in <see cref="CookieName"/>); converting the
/// lead carries the campaign to the opportunity, and the order won from it. Last touch is the campaign on the record;
/// first touch is the customer's first campaign (<see cref="Customers.Customer.FirstCampaignId"/>).
/// </summary>
public sealed class CampaignAttribution(RapportDbContext db, ICampaignLinks links)
{
    /// <summary>Set by a tracked click: the click's signed token, read back when a form is sent.</summary>
    public const string CookieName = "rapport_campaign";

    /// <summary>The campaign a landing link's <c>utm_campaign</c> names, else the one of a genuine click token; null
    /// when neither names a campaign. Anonymous (public forms): campaigns are looked up past record scope.</summary>
    public async Task<Guid?> CampaignOfAsync(string? utmCampaign, string? clickToken, CancellationToken ct)
    {
        var campaigns = db.Campaigns.IgnoreQueryFilters().AsNoTracking();
        if (TextInput.Clean(utmCampaign) is { Length: <= Campaign.UtmMax } code)
        {
            var id = Guid.TryParse(code, out var g) ? g : Guid.Empty;
            var named = await campaigns.Where(c => c.UtmCampaign == code || c.Id == id).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (named is not null) return named;
        }
        if (clickToken is { Length: > 0 and <= 1000 } && links.Read(clickToken) is { Click: true } t && await campaigns.AnyAsync(c => c.Id == t.CampaignId, ct))
            return t.CampaignId;
        return null;
    }

    /// <summary>
    /// A campaign's leads, influenced pipeline (open deals' amounts) and won revenue (orders not cancelled), by last
    /// touch (the campaign on the deal or order) and first touch (the customer's first campaign), in the campaign's
    /// currency (other currencies are left out), with cost per lead and ROI = (won revenue − actual cost) / actual cost.
    /// Summed by the database over every record (a campaign's figures are the company's, whoever reads them).
    /// </summary>
    internal static async Task<AttributionResult> ResultsOfAsync(RapportDbContext db, Campaign c, CancellationToken ct)
    {
        var (id, currency) = (c.Id, c.Currency);
        var leads = await db.Leads.IgnoreQueryFilters().CountAsync(l => l.CampaignId == id, ct);
        var customers = await db.Customers.IgnoreQueryFilters().CountAsync(x => x.FirstCampaignId == id && x.DeletedAt == null, ct);
        var open = db.Opportunities.IgnoreQueryFilters().Where(o => o.Currency == currency && o.Customer!.DeletedAt == null
            && db.PipelineStages.IgnoreQueryFilters().Any(s => s.Id == o.StageId && s.Kind == StageKind.Open));
        var won = db.Orders.IgnoreQueryFilters().Where(o => o.Currency == currency && o.Status != OrderStatus.Cancelled && o.Customer!.DeletedAt == null);
        var pipeline = await open.Where(o => o.CampaignId == id).SumAsync(o => (long?)o.AmountMinor, ct) ?? 0;
        var firstPipeline = await open.Where(o => o.Customer!.FirstCampaignId == id).SumAsync(o => (long?)o.AmountMinor, ct) ?? 0;
        var revenue = await won.Where(o => o.CampaignId == id).SumAsync(o => (long?)o.TotalMinor, ct) ?? 0;
        var firstRevenue = await won.Where(o => o.Customer!.FirstCampaignId == id).SumAsync(o => (long?)o.TotalMinor, ct) ?? 0;
        decimal Major(long minor) => Currency.FromMinor(minor, currency);
        var cost = c.ActualCostMinor;
        return new AttributionResult(currency, leads, customers, Major(pipeline), Major(revenue), Major(firstPipeline), Major(firstRevenue), Major(cost),
            leads == 0 ? null : Major((long)Math.Round((decimal)cost / leads, MidpointRounding.AwayFromZero)),
            cost == 0 ? null : (double)(revenue - cost) / cost);
    }
}
