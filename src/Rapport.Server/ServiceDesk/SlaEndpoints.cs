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
        var calendar = new VersionedRoutes<BusinessCalendarService, BusinessCalendarDto>(calendars);
        calendar.MapCreate<BusinessCalendarInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/sla/calendars/{dto.Id}")
            .WithName("CreateBusinessCalendar").WithSummary("A calendar: IANA time zone, working hours per weekday, holidays and make-up working days.");
        calendar.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetBusinessCalendar").WithSummary("One calendar, with its ETag.");
        calendar.MapPut<BusinessCalendarInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateBusinessCalendar").WithSummary("Replace a calendar's zone, hours and special days.");
        calendar.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteBusinessCalendar").WithSummary("Delete a calendar no policy uses.");

        var policies = sla.MapGroup("/policies");
        policies.MapGet("/", (SlaService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListSlaPolicies").WithSummary("SLA policies by name.");
        var policy = new VersionedRoutes<SlaService, SlaPolicyDto>(policies);
        policy.MapCreate<SlaPolicyInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/sla/policies/{dto.Id}")
            .WithName("CreateSlaPolicy").WithSummary("A policy: its calendar, the priority × tier (× category) target matrix and its escalations.");
        policy.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetSlaPolicy").WithSummary("One policy, with its ETag.");
        policy.MapPut<SlaPolicyInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateSlaPolicy").WithSummary("Replace a policy's calendar, matrix and escalations.");
        policy.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteSlaPolicy").WithSummary("Delete a policy.");

        sla.MapPost("/preview", (SlaPreviewInput input, SlaService s, CancellationToken ct) => s.PreviewAsync(input, ct))
            .WithName("PreviewSlaDue").WithSummary("When a number of business minutes after a start run out on a calendar, pauses excluded.");
        return api;
    }
}
