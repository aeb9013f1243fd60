using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Core.Leads;
using Rapport.Server.Customers;

namespace Rapport.Server.Leads;

/// <summary>REST endpoints for leads, their activities, conversion, and the lead settings (web forms, scoring,
/// assignment). Written like <see cref="CustomersEndpoints"/>.</summary>
internal static class LeadsEndpoints
{
    public static RouteGroupBuilder MapLeadsApi(this RouteGroupBuilder api)
    {
        var leads = api.MapGroup("/leads").WithTags("Leads");
        leads.MapGet("/", List).WithName("ListLeads")
            .WithSummary("List leads: text, status and owner filters; newest or best-scored first; keyset cursor.");
        leads.MapPost("/", Create).WithName("CreateLead")
            .WithSummary("Capture a lead. Without an owner the assignment rules pick one. 409 lists possible duplicates unless confirmDuplicate=true.");
        var lead = new VersionedRoutes<LeadService, LeadDto>(leads);
        lead.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetLead").WithSummary("One lead, with its score breakdown and ETag.");
        lead.MapPut<LeadInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateLead").WithSummary("Replace a lead's details; the score follows.");
        lead.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteLead").WithSummary("Delete a lead and its activities.");
        lead.MapAction<LeadStatusInput>("/{id:guid}/status", (s, id, input, v, ct) => s.SetStatusAsync(id, input, v, ct)).WithName("SetLeadStatus")
            .WithSummary("Move a lead to new, contacted, qualified or disqualified (with a reason); reopen a disqualified one.");
        lead.MapAction<LeadAssignInput>("/{id:guid}/assign", (s, id, input, v, ct) => s.AssignAsync(id, input, v, ct))
            .WithName("AssignLead").WithSummary("Give a lead to someone, or (no owner) run the assignment rules again.");
        leads.MapGet("/{id:guid}/duplicates", (Guid id, LeadService s, CancellationToken ct) => s.DuplicatesAsync(id, ct))
            .WithName("LeadDuplicates").WithSummary("Leads and customers with the same email, phone or company.");
        leads.MapPost("/{id:guid}/convert", (Guid id, LeadConvertInput input, LeadService s, HttpRequest request, CancellationToken ct) =>
                s.ConvertAsync(id, input, ETags.Expected(request), ct))
            .WithName("ConvertLead")
            .WithSummary("Turn a lead into a customer (new, or an existing customerId) and a contact, in one transaction; activities go to the customer's timeline.");
        leads.MapGet("/{id:guid}/activities", (Guid id, LeadService s, CancellationToken ct, string? cursor, int? limit) => s.ActivitiesAsync(id, cursor, limit, ct))
            .WithName("LeadActivities").WithSummary("Calls, emails, meetings and notes logged on the lead, newest first.");
        leads.MapPost("/{id:guid}/activities", AddActivity).WithName("AddLeadActivity")
            .WithSummary("Log a call, email, meeting or note; counts towards the score, and reaching out marks a new lead contacted.");

        var forms = api.MapGroup("/lead-forms").WithTags("Leads");
        forms.MapGet("/", (LeadFormService s, CancellationToken ct) => s.ListAsync(ct)).WithName("ListLeadForms")
            .WithSummary("Public web-to-lead forms.");
        forms.MapPost("/", (LeadFormInput input, LeadFormService s, HttpResponse response, CancellationToken ct) =>
            response.VersionedCreatedAsync(s.CreateAsync(input, ct), dto => $"/api/v1/lead-forms/{dto.Id}"))
            .WithName("CreateLeadForm").WithSummary("Create a web form; embed it with the token it gets.");
        var form = new VersionedRoutes<LeadFormService, LeadFormDto>(forms);
        form.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetLeadForm").WithSummary("One web form and its token.");
        form.MapPut<LeadFormInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateLeadForm").WithSummary("Rename, re-source, redirect, switch a web form on or off.");
        form.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct))
            .WithName("DeleteLeadForm").WithSummary("Delete a web form (its leads stay).");

        var settings = api.MapGroup("/admin/settings").WithTags("Leads");
        // For holders of leads.configure (marketing), not only administrators.
        SettingsEndpoints.Section<LeadScoring>(settings, "GetLeadScoring", "SaveLeadScoring",
            "Lead scoring rules: points per source and industry, per completed field and per activity.", Permissions.LeadsConfigure);
        SettingsEndpoints.Section<LeadAssignment>(settings, "GetLeadAssignment", "SaveLeadAssignment",
            "Lead assignment rules: by region, industry or source, round-robin to users or a team.", Permissions.LeadsConfigure);
        return api;
    }

    private static Task<Page<LeadListItem>> List(
        LeadService service, CancellationToken ct, string? q = null, string? status = null, Guid? ownerId = null,
        string? sort = null, string? cursor = null, int? limit = null)
    {
        var (by, desc) = QueryParams.Sort(sort, LeadSort.Created, ("createdAt", LeadSort.Created), ("created", LeadSort.Created), ("score", LeadSort.Score));
        return service.ListAsync(new LeadQuery
        {
            Q = q, Status = QueryParams.Enum<LeadStatus>(status, nameof(status)), OwnerId = ownerId,
            Sort = by, Descending = desc, Cursor = cursor, Limit = limit,
        }, ct);
    }

    private static Task<Created<LeadDto>> Create(LeadInput input, LeadService service, HttpResponse response, CancellationToken ct, bool confirmDuplicate = false) =>
        response.VersionedCreatedAsync(service.CreateAsync(input, confirmDuplicate, ct), dto => $"/api/v1/leads/{dto.Id}");

    private static async Task<Created<LeadActivityDto>> AddActivity(Guid id, LeadActivityInput input, LeadService service, CancellationToken ct)
    {
        var dto = await service.AddActivityAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/leads/{id}/activities/{dto.Id}", dto);
    }
}
