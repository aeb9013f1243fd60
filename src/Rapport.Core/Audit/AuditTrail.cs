using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rapport.Core.Privacy;

namespace Rapport.Core.Audit;

/// <summary>Filters of an audit search. <see cref="Field"/> finds entries that changed (or mention) that field, by its
/// name in the entry's changes (<c>name</c>, <c>phones</c>, <c>json</c>).</summary>
public sealed record AuditQuery(
    DateTime? From = null, DateTime? To = null, Guid? UserId = null, string? EntityType = null, string? EntityId = null,
    string? Action = null, string? Cursor = null, int? Limit = null, string? Field = null);

public sealed record AuditEntryDto(
    Guid Id, DateTime At, Guid? UserId, string? UserName, string? IpAddress, string? UserAgent, string Action,
    string? EntityType, string? EntityId, JsonElement? Changes, long? ChainSeq);

/// <summary>Records events that are not data changes (sign-ins, reveals, exports, purges) and searches the log.</summary>
public sealed class AuditTrail(RapportDbContext db, ICurrentUser user, TimeProvider clock, SettingsService settings, ILoggerFactory? logs = null)
{
    // Security events (sign-ins, exports, reveals) also reach the log files and the event table, named by their action;
    // ids only, never the name tried or the details, which can be personal data.
    private readonly ILogger? _security = logs?.CreateLogger(Observability.AppEvents.SecurityCategory);

    /// <summary>Longest user name an entry keeps (the column's length); a name tried at sign-in can be anything.</summary>
    public const int UserNameMax = 256;

    /// <summary>Writes one entry now. <paramref name="userName"/> overrides the caller's (a failed sign-in names
    /// the account that was tried; cut to <see cref="UserNameMax"/> on a character boundary).</summary>
    public async Task RecordAsync(string action, string? entityType, string? entityId, object? details, CancellationToken ct,
        string? userName = null, Guid? userId = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = Truncate(clock.GetUtcNow().UtcDateTime),
            UserId = userId ?? user.Id,
            UserName = userName is null ? user.UserName ?? (user.Id is null ? null : "system") : TextCut.ToLength(userName, UserNameMax),
            IpAddress = user.IpAddress, UserAgent = user.UserAgent,
            Action = action, EntityType = entityType, EntityId = entityId,
            Changes = details is null ? null : JsonSerializer.Serialize(details, AuditInterceptor.Json),
        });
        await db.SaveChangesAsync(ct);
        _security?.Log(action == AuditActions.SignInFailed ? LogLevel.Warning : LogLevel.Information, Observability.AppEvents.ForAuditAction(action),
            "{Action} {EntityType} {EntityId} by {ActorId}", action, entityType, entityId, userId ?? user.Id);
    }

    public async Task<Page<AuditEntryDto>> SearchAsync(AuditQuery query, CancellationToken ct)
    {
        user.Require(Permissions.AuditRead);
        var size = Keyset.ClampPageSize(query.Limit);
        var rows = await Keyset.Seek(Filter(query), e => e.At, e => e.Id, true, query.Cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, e => e.At, e => e.Id);
        var mask = await MaskAsync(ct);
        return new Page<AuditEntryDto>(items.Select(e => ToDto(e, mask)).ToList(), next);
    }

    /// <summary>Every matching entry, newest first, read one keyset page at a time.</summary>
    public async IAsyncEnumerable<AuditEntryDto> ExportAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        user.Require(Permissions.AuditRead);
        var filter = Filter(query);
        await RecordAsync(AuditActions.AuditExported, null, null, query with { Cursor = null, Limit = null }, ct);
        var mask = await MaskAsync(ct);
        string? cursor = null;
        do
        {
            var rows = await Keyset.Seek(filter, e => e.At, e => e.Id, true, cursor, Keyset.MaxPageSize).AsNoTracking().ToListAsync(ct);
            (var items, cursor) = Keyset.Cut(rows, Keyset.MaxPageSize, e => e.At, e => e.Id);
            foreach (var e in items) yield return ToDto(e, mask);
        }
        while (cursor is not null);
    }

    private IQueryable<AuditEntry> Filter(AuditQuery q)
    {
        var source = db.AuditEntries.AsNoTracking();
        if (q.From is { } from) source = source.Where(e => e.At >= from.ToUniversalTime());
        if (q.To is { } to) source = source.Where(e => e.At < to.ToUniversalTime());
        if (q.UserId is { } u) source = source.Where(e => e.UserId == u);
        if (!string.IsNullOrWhiteSpace(q.EntityType)) source = source.Where(e => e.EntityType == q.EntityType);
        if (!string.IsNullOrWhiteSpace(q.EntityId)) source = source.Where(e => e.EntityId == q.EntityId);
        if (!string.IsNullOrWhiteSpace(q.Action)) source = source.Where(e => e.Action == q.Action);
        if (!string.IsNullOrWhiteSpace(q.Field))
        {
            // Field names are identifiers (camelCase, "secret:…" for a user's tokens): anything else cannot be one,
            // and a quote or backslash would not match the JSON key as written anyway.
            if (q.Field.Length > 100 || !q.Field.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.'))
                throw RapportValidationException.For("field", "Validation.Invalid");
            var key = "\"" + q.Field + "\":";
            source = source.Where(e => e.Changes != null && e.Changes.Contains(key));
        }
        return source;
    }

    /// <summary>Customer, contact and lead phones and emails are logged as they were entered; a reader who may not
    /// reveal personal data sees them as the customer API shows them, masked by the <c>sensitive-fields</c> setting.
    /// (National ID, bank account and date of birth never reach the log: their encrypted columns are logged as ***.)</summary>
    private async Task<AuditMask> MaskAsync(CancellationToken ct) =>
        user.HasPermission(Permissions.PiiReveal) ? AuditMask.None : new AuditMask(await settings.GetAsync<SensitiveFields>(ct));

    private static AuditEntryDto ToDto(AuditEntry e, AuditMask mask) => new(
        e.Id, e.At, e.UserId, e.UserName, e.IpAddress, e.UserAgent, e.Action, e.EntityType, e.EntityId,
        e.Changes is null ? null : mask.Apply(e.EntityType, JsonSerializer.Deserialize<JsonElement>(e.Changes)), e.ChainSeq);

    /// <summary>PostgreSQL keeps microseconds; truncating first makes what is hashed equal what is stored.</summary>
    public static DateTime Truncate(DateTime t) => new(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
}
