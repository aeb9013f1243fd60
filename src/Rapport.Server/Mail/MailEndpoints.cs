using Rapport.Core.Mail;

namespace Rapport.Server.Mail;

/// <summary>Administration of outgoing mail: the SMTP settings, a test email, and the outbox (<c>settings.manage</c>).</summary>
internal static class MailEndpoints
{
    public static RouteGroupBuilder MapMailApi(this RouteGroupBuilder api)
    {
        var mail = api.MapGroup("/admin/mail").WithTags("Mail");
        mail.MapGet("/smtp", (MailService s, CancellationToken ct) => s.GetSmtpAsync(ct))
            .WithName("GetSmtpSettings").WithSummary("The SMTP server and sender for outgoing mail (the password only as hasPassword).");
        mail.MapPut("/smtp", (SmtpSettingsInput input, MailService s, CancellationToken ct) => s.SaveSmtpAsync(input, ct))
            .WithName("SaveSmtpSettings").WithSummary("Set the SMTP server: host, port, security (none, startTls, sslOnConnect), user, password (null keeps it), sender.");
        mail.MapPost("/smtp/test", (SmtpTestInput input, MailService s, CancellationToken ct) => s.SendTestAsync(input, ct))
            .WithName("SendTestEmail").WithSummary("Send a test email now with the saved settings; answers what the server said.");
        mail.MapGet("/outbox", (MailService s, CancellationToken ct, string? state, string? cursor, int? limit) =>
                s.ListAsync(QueryParams.Enum<OutboxState>(state, nameof(state)), cursor, limit, ct))
            .WithName("ListOutbox").WithSummary("Outgoing messages, newest first; by state (queued, sending, sent, failed).");
        mail.MapPost("/outbox/{id:guid}/retry", (Guid id, MailService s, CancellationToken ct) => s.RetryAsync(id, ct))
            .WithName("RetryOutboxMessage").WithSummary("Send a failed message again now, with a fresh count of attempts.");
        return api;
    }
}
