using System.Collections.Concurrent;
using Microsoft.AspNetCore.TestHost;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.Mail;

/// <summary>An app whose clock the test moves, whose mail jobs stay off (the tests run the sender and the poller when
/// they choose), with few attempts before a message fails, and an inbound handler that records what it is given.</summary>
public abstract class MailApp(Provider provider) : RapportApp(provider)
{
    public const int MaxAttempts = 3;

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Shared by every host built from this fixture (a "restarted" app included).</summary>
    public ConcurrentQueue<InboundMail> Handled { get; } = new();

    /// <summary>What the outbox told its observers, in order.</summary>
    public ConcurrentQueue<OutboxDelivery> Deliveries { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Mail:RunJobs", "false");
        builder.UseSetting("Mail:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:RetryFirstSeconds", "30");
        builder.UseSetting("Mail:RetryCapSeconds", "600");
        builder.UseSetting("Mail:LeaseSeconds", "300");
        builder.UseSetting("Mail:SendPollSeconds", "1");
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton(this);
            s.AddScoped<IInboundMailHandler, RecordingHandler>();
            s.AddScoped<IOutboxObserver, RecordingObserver>();
        });
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work, IServiceProvider? services = null)
    {
        await using var scope = (services ?? Services).CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<OutboxMessageDto> EnqueueAsync(OutgoingMail mail) =>
        WithAsync(sp => sp.GetRequiredService<MailService>().EnqueueAsync(mail, Ct));

    public Task<int> SendDueAsync(IServiceProvider? services = null) =>
        WithAsync(sp => sp.GetRequiredService<OutboxSender>().SendDueAsync(Ct), services);

    public Task<OutboxMessage> MessageAsync(Guid id) =>
        WithAsync(sp => sp.GetRequiredService<RapportDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, Ct));

    /// <summary>Takes mail for mailboxes whose purpose is "test".</summary>
    private sealed class RecordingHandler(MailApp app) : IInboundMailHandler
    {
        public Task<bool> HandleAsync(InboundMail mail, CancellationToken ct)
        {
            if (mail.MailboxPurpose != "test") return Task.FromResult(false);
            app.Handled.Enqueue(mail);
            return Task.FromResult(true);
        }
    }

    private sealed class RecordingObserver(MailApp app) : IOutboxObserver
    {
        public Task OnDeliveryAsync(OutboxDelivery delivery, CancellationToken ct)
        {
            app.Deliveries.Enqueue(delivery);
            return Task.CompletedTask;
        }
    }
}

public sealed class MailSqliteApp() : MailApp(Provider.Sqlite);

public sealed class MailPostgresApp() : MailApp(Provider.Postgres);
