namespace Rapport.Core.Common;

/// <summary>Checks shared by every record that has an owner.</summary>
public static class Owners
{
    /// <summary>400 on <c>ownerId</c> when the given user does not exist.</summary>
    public static async Task EnsureExistsAsync(RapportDbContext db, Guid? ownerId, CancellationToken ct)
    {
        if (ownerId is { } id && !await db.Users.AnyAsync(u => u.Id == id, ct))
            throw RapportValidationException.For("ownerId", "Validation.UnknownUser");
    }

    /// <summary>Duplicates outside the caller's scope, one per list, match and owner, named as people see the owner.</summary>
    public static async Task<IReadOnlyList<DuplicateElsewhere>> ElsewhereAsync(
        RapportDbContext db, IEnumerable<(string Kind, string MatchedOn, Guid? OwnerId)> hits, CancellationToken ct)
    {
        var distinct = hits.Distinct().ToList();
        if (distinct.Count == 0) return [];
        var ids = distinct.Where(h => h.OwnerId is not null).Select(h => h.OwnerId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName }).ToDictionaryAsync(u => u.Id, u => u.Name ?? "", ct);
        return distinct.Select(h => new DuplicateElsewhere(h.Kind, h.MatchedOn, h.OwnerId is { } o ? names.GetValueOrDefault(o, "") : "")).ToList();
    }
}
