namespace Rapport.Core.Mail;

/// <summary>
/// What a module plugs in to act on incoming mail (the service desk turns it into cases or replies). Handlers are
/// scoped services, resolved in the poller's scope: what they save with the scope's DbContext is committed in the same
/// transaction as the message's log row, so a message is acted on exactly once, even across restarts.
/// </summary>
public interface IInboundMailHandler
{
    /// <summary>Acts on <paramref name="mail"/>; true when it did (the log says processed), false to leave it to
    /// others. Throwing rolls back the handler's changes and logs the message as failed.</summary>
    Task<bool> HandleAsync(InboundMail mail, CancellationToken ct);
}
