using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Server.Marketing.Campaigns;

/// <summary>REST endpoints for campaigns: the plan, content, members, sending, A/B winner and results.</summary>
internal static class CampaignsEndpoints
{
    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Marketing");
        campaigns.MapGet("/", (CampaignService s, CancellationToken ct, string? status, string? cursor, int? limit) =>
                s.ListAsync(QueryParams.Enum<CampaignStatus>(status, nameof(status)), cursor, limit, ct))
            .WithName("ListCampaigns").WithSummary("Campaigns, newest first; by status.");
        var campaign = new VersionedRoutes<CampaignService, CampaignDto>(campaigns);
        campaign.MapCreate<CampaignInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/campaigns/{dto.Id}")
            .WithName("CreateCampaign").WithSummary("A draft campaign: name, objective, channels, budget, dates, owner and A/B set-up.");
        campaign.MapGet((s, id, ct) => s.GetAsync(id, ct))
            .WithName("GetCampaign").WithSummary("One campaign with its email variants.");
        campaign.MapPut<CampaignInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateCampaign").WithSummary("Change the plan (and the A/B set-up until a test has gone out).");
        campaign.MapAction<CampaignContentInput>("/{id:guid}/content", (s, id, input, v, ct) => s.SetContentAsync(id, input, v, ct))
            .WithName("SetCampaignContent").WithSummary("The email: one variant, or two to five for an A/B test (English and Chinese, Liquid fields).");
        campaign.MapAction<CampaignScheduleInput>("/{id:guid}/schedule", (s, id, input, v, ct) => s.ScheduleAsync(id, input, v, ct))
            .WithName("ScheduleCampaign").WithSummary("Send at a given time (the campaigns job sends it then).");
        campaign.MapAction("/{id:guid}/cancel", (s, id, v, ct) => s.CancelAsync(id, v, ct))
            .WithName("CancelCampaign").WithSummary("Stop a draft, scheduled or running campaign.");
        campaign.MapAction("/{id:guid}/complete", (s, id, v, ct) => s.CompleteAsync(id, v, ct))
            .WithName("CompleteCampaign").WithSummary("Mark a running campaign completed.");
        var sending = new VersionedRoutes<CampaignSender, CampaignDto>(campaigns);
        sending.MapAction("/{id:guid}/send", (s, id, v, ct) => s.SendAsync(id, v, ct))
            .WithName("SendCampaign").WithSummary("Send now: to everyone, or the A/B test share first.");
        sending.MapAction<CampaignWinnerInput>("/{id:guid}/winner", (s, id, input, v, ct) => s.ChooseWinnerAsync(id, input, v, ct))
            .WithName("ChooseCampaignWinner").WithSummary("Pick the A/B winner by hand; it goes to the rest of the members.");
        campaigns.MapPost("/{id:guid}/test-send", async (Guid id, CampaignTestSendInput input, CampaignSender s, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await s.TestSendAsync(id, input, ct)))
            .WithName("TestSendCampaign").WithSummary("Send one variant, rendered for a sample recipient, to an address.");
        campaigns.MapGet("/{id:guid}/members", (Guid id, CampaignService s, CancellationToken ct, string? status, string? cursor, int? limit) =>
                s.MembersAsync(id, QueryParams.Enum<MemberStatus>(status, nameof(status)), cursor, limit, ct))
            .WithName("ListCampaignMembers").WithSummary("The members with what they did; by status.");
        campaigns.MapPost("/{id:guid}/members", (Guid id, AddMembersInput input, CampaignService s, CancellationToken ct) => s.AddMembersAsync(id, input, ct))
            .WithName("AddCampaignMembers").WithSummary("Add customers from an audience, a tag or ids — once each, and only with consent for the channels.");
        campaigns.MapPost("/{id:guid}/members/{customerId:guid}/response", (Guid id, Guid customerId, MemberResponseInput input, CampaignService s, CancellationToken ct) =>
                s.RespondAsync(id, customerId, input, ct))
            .WithName("RecordCampaignResponse").WithSummary("Record a member's response or conversion.");
        campaigns.MapGet("/{id:guid}/results", (Guid id, CampaignService s, CancellationToken ct) => s.ResultsAsync(id, ct))
            .WithName("GetCampaignResults").WithSummary("The funnel, the figures per variant and the A/B significance.");
        return api;
    }

    /// <summary>The anonymous tracking routes in campaign emails: the open pixel and click redirects, by signed token.</summary>
    public static IEndpointRouteBuilder MapCampaignTracking(this IEndpointRouteBuilder app)
    {
        var tracking = app.MapGroup("/m").AllowAnonymous().ExcludeFromDescription();
        tracking.MapGet("/o/{token}", async Task<Results<FileContentHttpResult, NotFound>> (string token, CampaignTracking t, CancellationToken ct) =>
            await t.OpenAsync(token, ct) ? TypedResults.File(Pixel, "image/gif") : TypedResults.NotFound());
        tracking.MapGet("/c/{token}", async Task<Results<RedirectHttpResult, NotFound>> (string token, CampaignTracking t, HttpContext http, CancellationToken ct) =>
        {
            if (await t.ClickAsync(token, ct) is not { } url) return TypedResults.NotFound();
            // A form sent afterwards on this site is attributed to the campaign (the token is signed; it names no one).
            http.Response.Cookies.Append(CampaignAttribution.CookieName, token, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(30), Path = "/",
            });
            return TypedResults.Redirect(url);
        });
        return app;
    }

    /// <summary>A transparent 1×1 GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
}
