using System.Text.Json;
using Rapport.Core.Identity;
using Rapport.Core.Mail;
using Rapport.Core.Preferences;

namespace Rapport.Core.Notifications;

/// <summary>
/// The notification centre. Other modules call <c>NotifyAsync</c> inside their own unit of work; each user reads
/// and marks only their own notifications (another user's answers 404) and chooses per kind between the app and email.
/// </summary>
public sealed class NotificationService(RapportDbContext db, ICurrentUser user, TimeProvider clock, MailService mail, INotificationText text,
    UserTimeZones zones, IOptions<NotificationOptions> options)
{
    public const string MailPurpose = "notification";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Guid Me => user.Id ?? throw new ForbiddenException("notifications");
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Notifies <paramref name="recipients"/> (active users; each once) in the caller's unit of work: a notification row
    /// for those who want <paramref name="kind"/> in the app, and an email through the outbox, in the recipient's language
    /// and time zone, for those who want it by email. Nothing is saved here: the caller's <c>SaveChangesAsync</c> writes
    /// it with the change that caused it. Answers how many users were notified either way.
    /// </summary>
    public Task<int> NotifyAsync(IEnumerable<Guid> recipients, NotificationKind kind, string key, IReadOnlyList<NotificationArg> args, string? link,
        CancellationToken ct) =>
        NotifyAsync([new NotificationRequest([.. recipients], kind, key, args, link)], ct);

    /// <summary>Several notifications at once (a job's batch): the recipients and their choices are loaded in one query
    /// each. Answers how many (recipient, notification) pairs were delivered either way.</summary>
    public async Task<int> NotifyAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken ct)
    {
        var ids = requests.SelectMany(r => r.Recipients).Distinct().ToList();
        if (ids.Count == 0) return 0;
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Status == UserStatus.Active)
            .Select(u => new Recipient(u.Id, u.Email, u.Culture, u.TimeZone)).ToDictionaryAsync(u => u.Id, ct);
        var chosen = await db.NotificationSettings.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => (s.UserId, s.Kind), ct);
        var now = Now;
        var notified = 0;
        TimeZoneInfo? company = null;
        foreach (var request in requests)
        {
            var argsJson = request.Args.Count == 0 ? null : JsonSerializer.Serialize(request.Args, Json);
            foreach (var id in request.Recipients.Distinct())
            {
                if (!users.TryGetValue(id, out var u)) continue;
                var setting = chosen.GetValueOrDefault((id, request.Kind));
                var inApp = setting?.InApp ?? NotificationDefaults.InApp(request.Kind);
                var email = (setting?.Email ?? NotificationDefaults.Email(request.Kind)) ? ContactPoints.NormalizeEmail(u.Email) : null;
                if (inApp)
                    db.Notifications.Add(new Notification
                    {
                        UserId = id, Kind = request.Kind, TextKey = request.Key, ArgsJson = argsJson, Link = request.Link, CreatedAt = now,
                    });
                if (email is not null)
                {
                    var culture = CultureInfo.GetCultureInfo(u.Culture is { } c && PreferenceService.Cultures.Contains(c) ? c : PreferenceService.Cultures[0]);
                    var zone = TimeZones.Find(u.TimeZone) ?? (company ??= await zones.CompanyAsync(ct));
                    var body = Render(request.Key, argsJson, culture, zone);
                    var subject = body.ReplaceLineEndings(" ");
                    mail.Enqueue(new OutgoingMail([email], subject.Length > 200 ? subject[..200] : subject,
                        request.Link is { } link ? $"{body}\n\n{Absolute(link)}" : body, Purpose: MailPurpose, Correlation: $"{MailPurpose}:{request.Kind}"));
                }
                if (inApp || email is not null) notified++;
            }
        }
        return notified;
    }

    private sealed record Recipient(Guid Id, string? Email, string? Culture, string? TimeZone);

    /// <summary>The caller's notifications, newest first: unread ones (<paramref name="unread"/> true), read ones
    /// (false), or all with the unread first (null). Texts are in the caller's language and time zone.</summary>
    public async Task<NotificationPage> ListAsync(bool? unread, string? cursor, int? limit, CancellationToken ct)
    {
        var me = Me;
        var size = Keyset.ClampPageSize(limit);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == me);
        var unreadOnes = mine.Where(n => n.ReadAt == null);
        var readOnes = mine.Where(n => n.ReadAt != null);
        // The cursor says which part of the list it is in: "u." the unread ones, "r." the read ones.
        var (phase, inner) = cursor is null ? (unread == false ? 'r' : 'u', (string?)null)
            : cursor.Length >= 2 && cursor[1] == '.' && ((cursor[0] == 'u' && unread != false) || (cursor[0] == 'r' && unread != true)) ? (cursor[0], cursor[2..])
            : throw RapportValidationException.For("cursor", "Validation.Invalid");
        var items = new List<Notification>();
        string? next = null;
        if (phase == 'u')
        {
            var rows = await Keyset.Seek(unreadOnes, n => n.CreatedAt, n => n.Id, true, inner, size).ToListAsync(ct);
            var (page, more) = Keyset.Cut(rows, size, n => n.CreatedAt, n => n.Id);
            items.AddRange(page);
            next = more is null ? null : "u." + more;
            (phase, inner) = ('r', "");
            if (more is not null || unread == true) phase = ' ';
        }
        if (phase == 'r')
        {
            if (items.Count < size)
            {
                var rows = await Keyset.Seek(readOnes, n => n.CreatedAt, n => n.Id, true, inner, size - items.Count).ToListAsync(ct);
                var (page, more) = Keyset.Cut(rows, size - items.Count, n => n.CreatedAt, n => n.Id);
                items.AddRange(page);
                next = more is null ? null : "r." + more;
            }
            else if (await readOnes.AnyAsync(ct)) next = "r.";
        }
        var count = await unreadOnes.Take(Keyset.TotalCap).CountAsync(ct);
        var zone = await zones.ForAsync(me, ct);
        var culture = CultureInfo.CurrentUICulture;
        return new NotificationPage(items.Select(n => new NotificationDto(n.Id, n.Kind, Render(n.TextKey, n.ArgsJson, culture, zone), n.Link, n.CreatedAt, n.ReadAt))
            .ToList(), next, count);
    }

    /// <summary>Marks one of the caller's notifications read (again: no change).</summary>
    public async Task MarkReadAsync(Guid id, CancellationToken ct)
    {
        var me = Me;
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == me, ct) ?? throw new NotFoundException("Notification", id);
        n.MarkRead(Now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks all the caller's unread notifications read; answers how many.</summary>
    public async Task<int> MarkAllReadAsync(CancellationToken ct)
    {
        var (me, now) = (Me, Now);
        return await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>The caller's choice for every kind (the defaults where they made none).</summary>
    public async Task<IReadOnlyList<NotificationSettingDto>> GetSettingsAsync(CancellationToken ct)
    {
        var me = Me;
        var rows = await db.NotificationSettings.AsNoTracking().Where(s => s.UserId == me).ToDictionaryAsync(s => s.Kind, ct);
        return Enum.GetValues<NotificationKind>().Select(k => rows.TryGetValue(k, out var s)
            ? new NotificationSettingDto(k, s.InApp, s.Email)
            : new NotificationSettingDto(k, NotificationDefaults.InApp(k), NotificationDefaults.Email(k))).ToList();
    }

    /// <summary>Sets the caller's choices for the kinds listed; the others stay as they are.</summary>
    public async Task<IReadOnlyList<NotificationSettingDto>> SetSettingsAsync(IReadOnlyList<NotificationSettingDto>? input, CancellationToken ct)
    {
        var me = Me;
        var errors = new List<FieldError>();
        var list = input ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } s) errors.Add(new($"[{i}]", "Validation.Required"));
            else if (!Enum.IsDefined(s.Kind) || list.Take(i).Any(o => o?.Kind == s.Kind)) errors.Add(new($"[{i}].kind", "Validation.Invalid"));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        var rows = await db.NotificationSettings.Where(s => s.UserId == me).ToDictionaryAsync(s => s.Kind, ct);
        foreach (var s in list)
        {
            if (!rows.TryGetValue(s.Kind, out var row))
                db.NotificationSettings.Add(row = new NotificationSetting { UserId = me, Kind = s.Kind });
            (row.InApp, row.Email) = (s.InApp, s.Email);
        }
        await db.SaveChangesAsync(ct);
        return await GetSettingsAsync(ct);
    }

    /// <summary>Deletes read notifications created more than <see cref="NotificationOptions.RetentionDays"/> ago, in one
    /// statement; answers how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = Now.AddDays(-options.Value.RetentionDays);
        return await db.Notifications.Where(n => n.ReadAt != null && n.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private string Render(string key, string? argsJson, CultureInfo culture, TimeZoneInfo zone)
    {
        var args = argsJson is null ? [] : JsonSerializer.Deserialize<List<NotificationArg>>(argsJson, Json) ?? [];
        var values = args.Select(a => a.Key is { } k ? text.Render(k, [], culture)
            : a.At is { } at ? TimeZones.ToLocal(at, zone).ToString("g", culture)
            : a.Text ?? "").ToList();
        return text.Render(key, values, culture);
    }

    private string Absolute(string link) =>
        options.Value.PublicUrl is { Length: > 0 } root && link.StartsWith('/') ? root.TrimEnd('/') + link : link;
}
