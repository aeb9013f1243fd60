using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Server.Marketing.Campaigns;

/// <summary>The built-in SMS provider: there is no SMS service here, so it writes the message to the event log (the
/// number masked) and the member counts as sent; responses are recorded by hand.</summary>
internal sealed partial class LogSmsProvider(ILogger<LogSmsProvider> log) : ISmsProvider
{
    public Task SendAsync(string phone, string text, CancellationToken ct)
    {
        Sent(log, phone.Length > 4 ? new string('*', phone.Length - 4) + phone[^4..] : "****", text.Length);
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Campaign SMS to {Phone} ({Length} characters) handed to the log-only provider")]
    private static partial void Sent(ILogger logger, string phone, int length);
}
