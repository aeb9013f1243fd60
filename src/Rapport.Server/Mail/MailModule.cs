using Rapport.Core.Mail;

namespace Rapport.Server.Mail;

/// <summary>Email in and out: the durable outbox and its SMTP sender, IMAP mailboxes and their poller. Modules that act
/// on incoming mail register an <see cref="IInboundMailHandler"/>; those that follow delivery an <see cref="IOutboxObserver"/>.</summary>
internal static class MailModule
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<MailOptions>().Bind(config.GetSection("Mail"))
            .Validate(o => o.IsValid(), "Mail: MaxAttempts 1–100, RetryFirstSeconds ≥ 1, RetryCapSeconds ≥ RetryFirstSeconds, LeaseSeconds ≥ 30, BatchSize and ImapBatchSize 1–1000, SendPollSeconds ≥ 1, ImapPollSeconds ≥ 5, MaxInboundAttachmentBytes > 0.")
            .ValidateOnStart();
        services.AddScoped<MailService>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<MailboxService>();
        services.AddScoped<ImapPoller>();
        services.AddHostedService<OutboxSenderJob>();
        services.AddHostedService<ImapPollJob>();
        return services;
    }
}
