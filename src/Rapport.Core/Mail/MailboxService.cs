using Rapport.Core.Privacy;

namespace Rapport.Core.Mail;

/// <summary>The IMAP mailboxes Rapport polls: administrators list, add, change and remove them (<c>settings.manage</c>),
/// read each one's log of incoming messages, and poll one now.</summary>
public sealed class MailboxService(RapportDbContext db, PiiProtector pii, ICurrentUser user, ImapPoller poller)
{
    public async Task<IReadOnlyList<MailboxDto>> ListAsync(CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        return await db.Mailboxes.AsNoTracking().OrderBy(m => m.Name).Select(MailboxDto.Projection).ToListAsync(ct);
    }

    public async Task<MailboxDto> GetAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        return await db.Mailboxes.AsNoTracking().Where(m => m.Id == id).Select(MailboxDto.Projection).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Mailbox", id);
    }

    public async Task<MailboxDto> CreateAsync(MailboxInput input, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        Check(input, creating: true);
        await CheckNameAsync(input.Name!, null, ct);
        var box = new Mailbox();
        box.Apply(input, pii.Protect(input.Password));
        db.Mailboxes.Add(box);
        await db.SaveChangesAsync(ct);
        return await GetAsync(box.Id, ct);
    }

    public async Task<MailboxDto> UpdateAsync(Guid id, MailboxInput input, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var box = await db.Mailboxes.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("Mailbox", id);
        box.ExpectVersion(expectedVersion, "Mailbox", id);
        Check(input, creating: false);
        await CheckNameAsync(input.Name!, id, ct);
        box.Apply(input, input.Password is { Length: > 0 } p ? pii.Protect(p) : null);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task DeleteAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var box = await db.Mailboxes.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("Mailbox", id);
        box.ExpectVersion(expectedVersion, "Mailbox", id);
        db.Mailboxes.Remove(box);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The mailbox's incoming messages, newest first.</summary>
    public async Task<Page<InboundMessageDto>> MessagesAsync(Guid id, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        var size = Keyset.ClampPageSize(limit);
        if (!await db.Mailboxes.AnyAsync(m => m.Id == id, ct)) throw new NotFoundException("Mailbox", id);
        var query = db.InboundMessages.AsNoTracking().Where(m => m.MailboxId == id);
        var rows = await Keyset.Seek(query, m => m.Id, m => m.Id, descending: true, cursor, size).Select(InboundMessageDto.Projection).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, m => m.Id, m => m.Id);
        return new Page<InboundMessageDto>(items, next);
    }

    /// <summary>Polls the mailbox now (also when inactive), instead of waiting for the background poller.</summary>
    public async Task<MailboxPollResult> PollAsync(Guid id, CancellationToken ct)
    {
        user.Require(Permissions.SettingsManage);
        if (!await db.Mailboxes.AnyAsync(m => m.Id == id, ct)) throw new NotFoundException("Mailbox", id);
        return await poller.PollAsync(id, ct);
    }

    private static void Check(MailboxInput input, bool creating)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add(new("name", "Validation.Required"));
        if (string.IsNullOrWhiteSpace(input.Host)) errors.Add(new("host", "Validation.Required"));
        if (string.IsNullOrWhiteSpace(input.UserName)) errors.Add(new("userName", "Validation.Required"));
        if (creating && string.IsNullOrEmpty(input.Password)) errors.Add(new("password", "Validation.Required"));
        TextInput.CheckLength(errors, "name", input.Name, 100);
        MailServer.Check(errors, TextInput.Clean(input.Host), input.Port, input.UserName);
        TextInput.CheckLength(errors, "password", input.Password, 500);
        TextInput.CheckLength(errors, "folder", input.Folder, 200);
        TextInput.CheckLength(errors, "purpose", input.Purpose, 50);
        if (!Enum.IsDefined(input.Security)) errors.Add(new("security", "Validation.Invalid"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
    }

    private async Task CheckNameAsync(string name, Guid? self, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await db.Mailboxes.AnyAsync(m => m.Name == trimmed && m.Id != self, ct))
            throw RapportValidationException.For("name", "Mail.MailboxNameTaken");
    }
}
