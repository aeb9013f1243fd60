using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>REST endpoints for business-hours calendars, SLA policies and the due-time preview (all <c>sla.admin</c>).</summary>
internal static class SlaEndpoints
{
    public static RouteGroupBuilder MapSlaApi(this RouteGroupBuilder api)
    {
        var sla = api.MapGroup("/sla").WithTags("Service desk");

        var calendars = sla.MapGroup("/calendars");
        calendars.MapGet("/", (BusinessCalendarService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListBusinessCalendars").WithSummary("Business-hours calendars by name.");
        calendars.MapPost("/", async (BusinessCalendarInput input, BusinessCalendarService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return response.VersionedCreated($"/api/v1/sla/calendars/{dto.Id}", dto);
            })
            .WithName("CreateBusinessCalendar").WithSummary("A calendar: IANA time zone, working hours per weekday, holidays and make-up working days.");
        calendars.MapGet("/{id:guid}", async (Guid id, BusinessCalendarService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetBusinessCalendar").WithSummary("One calendar, with its ETag.");
        calendars.MapPut("/{id:guid}", async (Guid id, BusinessCalendarInput input, BusinessCalendarService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateBusinessCalendar").WithSummary("Replace a calendar's zone, hours and special days.");
        calendars.MapDelete("/{id:guid}", async (Guid id, BusinessCalendarService s, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteBusinessCalendar").WithSummary("Delete a calendar no policy uses.");

        var policies = sla.MapGroup("/policies");
        policies.MapGet("/", (SlaService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListSlaPolicies").WithSummary("SLA policies by name.");
        policies.MapPost("/", async (SlaPolicyInput input, SlaService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return response.VersionedCreated($"/api/v1/sla/policies/{dto.Id}", dto);
            })
            .WithName("CreateSlaPolicy").WithSummary("A policy: its calendar, the priority × tier (× category) target matrix and its escalations.");
        policies.MapGet("/{id:guid}", async (Guid id, SlaService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetSlaPolicy").WithSummary("One policy, with its ETag.");
        policies.MapPut("/{id:guid}", async (Guid id, SlaPolicyInput input, SlaService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateSlaPolicy").WithSummary("Replace a policy's calendar, matrix and escalations.");
        policies.MapDelete("/{id:guid}", async (Guid id, SlaService s, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteSlaPolicy").WithSummary("Delete a policy.");

        sla.MapPost("/preview", (SlaPreviewInput input, SlaService s, CancellationToken ct) => s.PreviewAsync(input, ct))
            .WithName("PreviewSlaDue").WithSummary("When a number of business minutes after a start run out on a calendar, pauses excluded.");
        return api;
    }
}
