using Rapport.Core.Mail;

namespace Rapport.Server.Mail;

/// <summary>The IMAP mailboxes Rapport polls for incoming mail (<c>settings.manage</c>).</summary>
internal static class MailboxesEndpoints
{
    public static RouteGroupBuilder MapMailboxesApi(this RouteGroupBuilder api)
    {
        var boxes = api.MapGroup("/admin/mailboxes").WithTags("Mail");
        boxes.MapGet("/", (MailboxService s, CancellationToken ct) => s.ListAsync(ct))
            .WithName("ListMailboxes").WithSummary("Every mailbox, with how its last poll went.");
        boxes.MapPost("/", async (MailboxInput input, MailboxService s, HttpResponse response, CancellationToken ct) =>
            {
                var dto = await s.CreateAsync(input, ct);
                return response.VersionedCreated($"/api/v1/admin/mailboxes/{dto.Id}", dto);
            })
            .WithName("CreateMailbox").WithSummary("Add an IMAP mailbox: host, port, security, user, password, folder, purpose.");
        boxes.MapGet("/{id:guid}", async (Guid id, MailboxService s, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.GetAsync(id, ct)))
            .WithName("GetMailbox").WithSummary("One mailbox.");
        boxes.MapPut("/{id:guid}", async (Guid id, MailboxInput input, MailboxService s, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                response.VersionedOk(await s.UpdateAsync(id, input, ETags.Expected(request), ct)))
            .WithName("UpdateMailbox").WithSummary("Change a mailbox (a null password keeps the stored one).");
        boxes.MapDelete("/{id:guid}", async (Guid id, MailboxService s, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, ETags.Expected(request), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteMailbox").WithSummary("Stop polling a mailbox and forget its log.");
        boxes.MapGet("/{id:guid}/messages", (Guid id, MailboxService s, CancellationToken ct, string? cursor, int? limit) => s.MessagesAsync(id, cursor, limit, ct))
            .WithName("ListMailboxMessages").WithSummary("The mailbox's incoming messages, newest first: processed, ignored (with the reason) or failed.");
        boxes.MapPost("/{id:guid}/poll", (Guid id, MailboxService s, CancellationToken ct) => s.PollAsync(id, ct))
            .WithName("PollMailbox").WithSummary("Fetch the mailbox's new mail now.");
        return api;
    }
}
