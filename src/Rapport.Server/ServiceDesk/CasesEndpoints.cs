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
        var @case = new VersionedRoutes<CaseService, CaseDto>(cases);
        @case.MapCreate<CaseInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/cases/{dto.Id}")
            .WithName("CreateCase").WithSummary("A new case for a customer: subject, type, channel, priority, category, owner, queue and tags.");
        @case.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetCase").WithSummary("One case.");
        @case.MapPut<CaseUpdateInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateCase").WithSummary("Change a case's subject, description, type, channel, priority, contact, category and tags.");
        @case.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteCase").WithSummary("Delete a case with its conversation and files.");
        @case.MapAction("/{id:guid}/open", (s, id, v, ct) => s.OpenAsync(id, v, ct)).WithName("OpenCase").WithSummary("New or pending customer → open.");
        @case.MapAction("/{id:guid}/wait", (s, id, v, ct) => s.WaitOnCustomerAsync(id, v, ct))
            .WithName("WaitOnCustomer").WithSummary("New or open → pending customer.");
        @case.MapAction<CaseResolveInput>("/{id:guid}/resolve", (s, id, input, v, ct) => s.ResolveAsync(id, input, v, ct))
            .WithName("ResolveCase").WithSummary("Solved, with an optional note: new, open or pending customer → resolved.");
        @case.MapAction("/{id:guid}/close", (s, id, v, ct) => s.CloseAsync(id, v, ct)).WithName("CloseCase").WithSummary("Resolved → closed.");
        @case.MapAction("/{id:guid}/reopen", (s, id, v, ct) => s.ReopenAsync(id, v, ct))
            .WithName("ReopenCase").WithSummary("Resolved or closed → open, within Cases:ReopenWindowDays of the resolution.");
        @case.MapAction<CaseAssignInput>("/{id:guid}/assign", (s, id, input, v, ct) => s.AssignAsync(id, input, v, ct))
            .WithName("AssignCase").WithSummary("Hand the case to an owner and a queue (a team); null clears either.");
        @case.MapAction("/{id:guid}/reassign", (s, id, v, ct) => s.ReassignAsync(id, v, ct))
            .WithName("ReassignCase").WithSummary("Run the assignment rules on the case again: the first matching rule sets its queue and owner; none matching changes nothing.");
        @case.MapAction<CaseMergeInput>("/{id:guid}/merge", (s, id, input, v, ct) => s.MergeAsync(id, input, v, ct))
            .WithName("MergeCase").WithSummary("Merge this duplicate into the target case: it is closed, and its conversation shows on the target.");
        cases.MapGet("/{id:guid}/messages", (Guid id, CaseService s, CancellationToken ct, string? cursor, int? limit) => s.MessagesAsync(id, cursor, limit, ct))
            .WithName("ListCaseMessages").WithSummary("The conversation, newest first, with the messages of cases merged into this one.");
        new VersionedChildRoutes<CaseService, CaseMessageDto>(cases.MapGroup("/{id:guid}/messages"), "id")
            .MapCreate<CaseMessageInput>((s, id, input, ct) => s.AddMessageAsync(id, input, ct), (id, dto) => $"/api/v1/cases/{id}/messages/{dto.Id}")
            .WithName("AddCaseMessage").WithSummary("A public reply (sent to the customer), an internal note or a customer's message.");
        cases.MapPost("/{id:guid}/messages/{messageId:guid}/attachments", (Guid id, Guid messageId, IFormFile file, CaseService s, CancellationToken ct) =>
                Uploads.StoreAsync(file, stream => s.AttachAsync(id, messageId, file.FileName, file.ContentType, stream, ct), dto => $"/api/v1/cases/{id}/attachments/{dto.Id}"))
            .AcceptsFileUpload()
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
        cases.MapDelete("/{id:guid}/links/{relatedId:guid}", (Guid id, Guid relatedId, CaseService s, CancellationToken ct) =>
                Answers.NoContentAfter(s.UnlinkAsync(id, relatedId, ct)))
            .WithName("UnlinkCase").WithSummary("Remove a relation between two cases.");
        cases.MapGet("/{id:guid}/macros/{macroId:guid}", (Guid id, Guid macroId, MacroService s, CancellationToken ct) => s.RenderAsync(id, macroId, ct))
            .WithName("RenderMacro").WithSummary("A macro's body with this case's customer, contact, number and the calling agent filled in.");
        return api;
    }
}
