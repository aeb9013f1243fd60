using Rapport.Core.Mail;
using Rapport.Server.Jobs;

namespace Rapport.Server.Mail;

/// <summary>Email in and out: the durable outbox and its SMTP sender, IMAP mailboxes and their poller. Modules that act
/// on incoming mail register an <see cref="IInboundMailHandler"/>; those that follow delivery an <see cref="IOutboxObserver"/>.</summary>
internal static class MailModule
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<MailOptions>().Bind(config.GetSection("Mail"))
            .Validate(o => o.IsValid(), "Mail: MaxAttempts 1–100, RetryFirstSeconds ≥ 1, RetryCapSeconds ≥ RetryFirstSeconds, LeaseSeconds ≥ 30, BatchSize and ImapBatchSize 1–1000, Connections 1–32, SendPollSeconds ≥ 1, ImapPollSeconds ≥ 5, MaxInboundAttachmentBytes > 0.")
            .ValidateOnStart();
        services.AddScoped<MailService>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<MailboxService>();
        services.AddScoped<ImapPoller>();
        // On the one scheduler, their intervals still set by Mail:SendPollSeconds and Mail:ImapPollSeconds. Both catch up
        // at start: queued mail and unread mailboxes are waiting for users, and each run is cheap.
        services.AddRecurringJob<OutboxSenderJob>(OutboxSenderJob.Name,
            c => JobSchedule.Every(TimeSpan.FromSeconds(c.GetValue("Mail:SendPollSeconds", new MailOptions().SendPollSeconds))),
            "Sends queued mail and retries failed deliveries (also moments after mail is queued).");
        services.AddRecurringJob<ImapPollJob>(ImapPollJob.Name,
            c => JobSchedule.Every(TimeSpan.FromSeconds(c.GetValue("Mail:ImapPollSeconds", new MailOptions().ImapPollSeconds))),
            "Reads new mail from every active mailbox.");
        services.AddJobWakeUp(OutboxSenderJob.Name, ct => OutboxSender.WaitForWorkAsync(Timeout.InfiniteTimeSpan, ct));
        return services;
    }
}
