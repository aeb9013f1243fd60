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
        var box = new VersionedRoutes<MailboxService, MailboxDto>(boxes);
        box.MapCreate<MailboxInput>((s, input, ct) => s.CreateAsync(input, ct), dto => $"/api/v1/admin/mailboxes/{dto.Id}")
            .WithName("CreateMailbox").WithSummary("Add an IMAP mailbox: host, port, security, user, password, folder, purpose.");
        box.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetMailbox").WithSummary("One mailbox.");
        box.MapPut<MailboxInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateMailbox").WithSummary("Change a mailbox (a null password keeps the stored one).");
        box.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteMailbox").WithSummary("Stop polling a mailbox and forget its log.");
        boxes.MapGet("/{id:guid}/messages", (Guid id, MailboxService s, CancellationToken ct, string? cursor, int? limit) => s.MessagesAsync(id, cursor, limit, ct))
            .WithName("ListMailboxMessages").WithSummary("The mailbox's incoming messages, newest first: processed, ignored (with the reason) or failed.");
        boxes.MapPost("/{id:guid}/poll", (Guid id, MailboxService s, CancellationToken ct) => s.PollAsync(id, ct))
            .WithName("PollMailbox").WithSummary("Fetch the mailbox's new mail now.");
        return api;
    }
}
