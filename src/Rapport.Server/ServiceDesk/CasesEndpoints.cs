using Microsoft.AspNetCore.Mvc;
using Rapport.Core.ServiceDesk;

namespace Rapport.Server.ServiceDesk;

/// <summary>REST endpoints for cases: the record, its states, assignment, conversation, files, related cases and merging.</summary>
internal static class CasesEndpoints
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Service desk");
        cases.MapGet("/", (CaseService s, CancellationToken ct, string? view, Guid? queueId, Guid? ownerId, string? status, string? priority,
                    Guid? categoryId, Guid? customerId, string? q, bool? active, string? sort, string? cursor, int? limit) =>
                s.ListAsync(new CaseQuery(QueryParams.Enum<CaseView>(view, nameof(view)) ?? CaseView.All, queueId, ownerId,
                    QueryParams.Enum<CaseStatus>(status, nameof(status)), QueryParams.Enum<CasePriority>(priority, nameof(priority)), categoryId, customerId, q,
                    active ?? false, QueryParams.Sort(sort, CaseSort.Due, ("due", CaseSort.Due), ("created", CaseSort.Created)).Sort, cursor, limit), ct))
            .WithName("ListCases").WithSummary("Cases in queue order (due time, priority, age) or newest first (sort=created); views mine, myTeams, unassigned.");
        cases.MapPost("/", async (CaseInput input, CaseService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return response.VersionedCreated($"/api/v1/cases/{dto.Id}", dto);
            })
            .WithName("CreateCase").WithSummary("A new case for a customer: subject, type, channel, priority, category, owner, queue and tags.");
        cases.MapGet("/{id:guid}", async (Guid id, CaseService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetCase").WithSummary("One case.");
        cases.MapPut("/{id:guid}", async (Guid id, CaseUpdateInput input, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateCase").WithSummary("Change a case's subject, description, type, channel, priority, contact, category and tags.");
        cases.MapDelete("/{id:guid}", async (Guid id, CaseService s, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteCase").WithSummary("Delete a case with its conversation and files.");
        cases.MapPost("/{id:guid}/open", async (Guid id, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.OpenAsync(id, ETags.Expected(request), ct)))
            .WithName("OpenCase").WithSummary("New or pending customer → open.");
        cases.MapPost("/{id:guid}/wait", async (Guid id, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.WaitOnCustomerAsync(id, ETags.Expected(request), ct)))
            .WithName("WaitOnCustomer").WithSummary("New or open → pending customer.");
        cases.MapPost("/{id:guid}/resolve", async (Guid id, CaseResolveInput input, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.ResolveAsync(id, input, ETags.Expected(request), ct)))
            .WithName("ResolveCase").WithSummary("Solved, with an optional note: new, open or pending customer → resolved.");
        cases.MapPost("/{id:guid}/close", async (Guid id, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.CloseAsync(id, ETags.Expected(request), ct)))
            .WithName("CloseCase").WithSummary("Resolved → closed.");
        cases.MapPost("/{id:guid}/reopen", async (Guid id, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.ReopenAsync(id, ETags.Expected(request), ct)))
            .WithName("ReopenCase").WithSummary("Resolved or closed → open, within Cases:ReopenWindowDays of the resolution.");
        cases.MapPost("/{id:guid}/assign", async (Guid id, CaseAssignInput input, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.AssignAsync(id, input, ETags.Expected(request), ct)))
            .WithName("AssignCase").WithSummary("Hand the case to an owner and a queue (a team); null clears either.");
        cases.MapPost("/{id:guid}/reassign", async (Guid id, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.ReassignAsync(id, ETags.Expected(request), ct)))
            .WithName("ReassignCase").WithSummary("Run the assignment rules on the case again: the first matching rule sets its queue and owner; none matching changes nothing.");
        cases.MapPost("/{id:guid}/merge", async (Guid id, CaseMergeInput input, CaseService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.MergeAsync(id, input, ETags.Expected(request), ct)))
            .WithName("MergeCase").WithSummary("Merge this duplicate into the target case: it is closed, and its conversation shows on the target.");
        cases.MapGet("/{id:guid}/messages", (Guid id, CaseService s, CancellationToken ct, string? cursor, int? limit) => s.MessagesAsync(id, cursor, limit, ct))
            .WithName("ListCaseMessages").WithSummary("The conversation, newest first, with the messages of cases merged into this one.");
        cases.MapPost("/{id:guid}/messages", async (Guid id, CaseMessageInput input, CaseService s, CancellationToken ct) =>
            {
                var dto = await s.AddMessageAsync(id, input, ct);
                return TypedResults.Created($"/api/v1/cases/{id}/messages/{dto.Id}", dto);
            })
            .WithName("AddCaseMessage").WithSummary("A public reply (sent to the customer), an internal note or a customer's message.");
        cases.MapPost("/{id:guid}/messages/{messageId:guid}/attachments", async (Guid id, Guid messageId, IFormFile file, CaseService s, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var dto = await s.AttachAsync(id, messageId, file.FileName, file.ContentType, stream, ct);
                return TypedResults.Created($"/api/v1/cases/{id}/attachments/{dto.Id}", dto);
            })
            // Bearer-token API (browsers' cookies are SameSite=Lax, so other sites cannot post here as the user).
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024 * 1024))
            .WithName("AttachToCaseMessage")
            .WithSummary("Upload a file to a message (multipart field \"file\"): PDF, PNG, JPEG, Word, Excel or plain text, checked by content, at most Cases:MaxAttachmentBytes.");
        cases.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, CaseService s, CancellationToken ct) =>
            {
                var (attachment, content) = await s.OpenAttachmentAsync(id, attachmentId, ct);
                return TypedResults.File(content, attachment.ContentType, attachment.FileName);
            })
            .WithName("DownloadCaseAttachment").WithSummary("Download a file of the case's conversation.");
        cases.MapGet("/{id:guid}/links", (Guid id, CaseService s, CancellationToken ct) => s.LinksAsync(id, ct))
            .WithName("ListCaseLinks").WithSummary("Related cases.");
        cases.MapPost("/{id:guid}/links", (Guid id, CaseLinkInput input, CaseService s, CancellationToken ct) => s.LinkAsync(id, input, ct))
            .WithName("LinkCase").WithSummary("Relate another case to this one (shown on both).");
        cases.MapDelete("/{id:guid}/links/{relatedId:guid}", async (Guid id, Guid relatedId, CaseService s, CancellationToken ct) =>
            {
                await s.UnlinkAsync(id, relatedId, ct);
                return TypedResults.NoContent();
            })
            .WithName("UnlinkCase").WithSummary("Remove a relation between two cases.");
        cases.MapGet("/{id:guid}/macros/{macroId:guid}", (Guid id, Guid macroId, MacroService s, CancellationToken ct) => s.RenderAsync(id, macroId, ct))
            .WithName("RenderMacro").WithSummary("A macro's body with this case's customer, contact, number and the calling agent filled in.");
        return api;
    }
}
