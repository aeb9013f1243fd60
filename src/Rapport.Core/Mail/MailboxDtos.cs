using System.ComponentModel.DataAnnotations;

namespace Rapport.Core.Mail;

/// <summary>A mailbox to create or change. <see cref="Password"/> null keeps the stored one (required on creation).</summary>
public sealed record MailboxInput(
    [property: Required, MaxLength(100)] string? Name,
    [property: Required, MaxLength(253)] string? Host,
    int Port,
    MailSecurity Security,
    [property: Required, MaxLength(320)] string? UserName,
    string? Password,
    [property: MaxLength(200)] string? Folder = "INBOX",
    bool Active = true,
    [property: MaxLength(50)] string? Purpose = null,
    bool ClearPassword = false);

/// <summary>A mailbox as administrators see it: the password only as "set" or not, and how the last poll went.</summary>
public sealed record MailboxDto(
    Guid Id, string Name, string Host, int Port, MailSecurity Security, string UserName, bool HasPassword, string Folder,
    bool Active, string? Purpose, long LastUid, DateTime? LastPolledAt, string? LastError, long Version)
{
    internal static readonly System.Linq.Expressions.Expression<Func<Mailbox, MailboxDto>> Projection = m =>
        new MailboxDto(m.Id, m.Name, m.Host, m.Port, m.Security, m.UserName, m.PasswordCipher != null, m.Folder, m.Active,
            m.Purpose, m.LastUid, m.LastPolledAt, m.LastError, m.Version);
}

/// <summary>A row of a mailbox's log of incoming messages.</summary>
public sealed record InboundMessageDto(Guid Id, long Uid, string? MessageId, string? From, string? Subject, DateTime ReceivedAt, InboundOutcome Outcome, string? Reason)
{
    internal static readonly System.Linq.Expressions.Expression<Func<InboundMessage, InboundMessageDto>> Projection = m =>
        new InboundMessageDto(m.Id, m.Uid, m.MessageId, m.From, m.Subject, m.ReceivedAt, m.Outcome, m.Reason);
}

/// <summary>What one poll of one mailbox did.</summary>
public sealed record MailboxPollResult(Guid MailboxId, int Processed, int Ignored, int Failed, string? Error);
