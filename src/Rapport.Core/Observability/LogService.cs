using Microsoft.Extensions.Logging;

namespace Rapport.Core.Observability;

/// <summary>The event log: written in batches by the host's log sink, searched and exported by those who may read
/// the logs, pruned after <see cref="ObservabilityOptions.LogRetentionDays"/>.</summary>
public sealed class LogService(RapportDbContext db, ICurrentUser user, TimeProvider clock, IOptions<ObservabilityOptions> options)
{
    /// <summary>Stores a batch of already redacted entries (the sink's writer; no caller check: it is the host).</summary>
    public async Task AddAsync(IReadOnlyList<LogEntry> entries, CancellationToken ct)
    {
        db.LogEntries.AddRange(entries);
        await db.SaveChangesAsync(ct);
    }

    public async Task<Page<LogEntryDto>> SearchAsync(LogQuery query, CancellationToken ct)
    {
        user.Require(Permissions.LogsRead);
        var size = Keyset.ClampPageSize(query.Limit);
        var rows = await Keyset.Seek(Filter(query), e => e.At, e => e.Id, true, query.Cursor, size).ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, e => e.At, e => e.Id);
        return new Page<LogEntryDto>(await ToDtosAsync(items, ct), next);
    }

    /// <summary>Every matching entry, newest first, one keyset page at a time.</summary>
    public async IAsyncEnumerable<LogEntryDto> ExportAsync(LogQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        user.Require(Permissions.LogsRead);
        string? cursor = null;
        do
        {
            var rows = await Keyset.Seek(Filter(query), e => e.At, e => e.Id, true, cursor, Keyset.MaxPageSize).ToListAsync(ct);
            (var items, cursor) = Keyset.Cut(rows, Keyset.MaxPageSize, e => e.At, e => e.Id);
            foreach (var e in await ToDtosAsync(items, ct)) yield return e;
        }
        while (cursor is not null);
    }

    /// <summary>Deletes entries older than the retention, in one statement; answers how many.</summary>
    public Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.LogRetentionDays);
        return db.LogEntries.Where(e => e.At < cutoff).ExecuteDeleteAsync(ct);
    }

    private IQueryable<LogEntry> Filter(LogQuery q)
    {
        var source = db.LogEntries.AsNoTracking();
        if (q.From is { } from) source = source.Where(e => e.At >= from.ToUniversalTime());
        if (q.To is { } to) source = source.Where(e => e.At < to.ToUniversalTime());
        if (q.Level is { } level)
        {
            var levels = Enum.GetValues<LogLevel>().Where(l => l >= level && l != LogLevel.None).ToList();
            source = source.Where(e => levels.Contains(e.Level));
        }
        if (q.UserId is { } u) source = source.Where(e => e.UserId == u);
        if (!string.IsNullOrWhiteSpace(q.Module))
        {
            var module = q.Module.Trim();
            source = source.Where(e => e.Category == module || e.Category.StartsWith(module + "."));
        }
        if (!string.IsNullOrWhiteSpace(q.Event)) source = source.Where(e => e.EventName == q.Event.Trim());
        return source;
    }

    private async Task<IReadOnlyList<LogEntryDto>> ToDtosAsync(IReadOnlyList<LogEntry> items, CancellationToken ct)
    {
        var ids = items.Where(e => e.UserId is not null).Select(e => e.UserId!.Value).Distinct().ToList();
        var names = ids.Count == 0 ? [] : await db.Users.AsNoTracking().Where(x => ids.Contains(x.Id))
            .ToDictionaryAsync(x => x.Id, x => x.DisplayName ?? x.UserName, ct);
        return items.Select(e => new LogEntryDto(e.Id, e.At, e.Level, e.Category, e.EventId, e.EventName, e.UserId,
            e.UserId is { } id ? names.GetValueOrDefault(id) : null, e.TraceId, e.Message, e.Exception)).ToList();
    }
}
