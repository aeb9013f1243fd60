using Rapport.Core.Identity;

namespace Rapport.Core.Imports;

/// <summary>Owners named by import rows: a user by user name, email or display name (an active one before one who has
/// left), looked up once per run.</summary>
internal static class ImportOwners
{
    /// <summary>The owner named by a row, or an error when nobody is called that or the row would change the owner
    /// without the module's assign permission (<paramref name="assign"/>). The rule of the services
    /// (<see cref="CurrentUserExtensions.RequireToAssign"/>): <paramref name="current"/> is the owner of the record the
    /// row updates, or the caller for a new record.</summary>
    public static Guid? Of(ICurrentUser user, string assign, string? owner, Guid? current, ImportMemory memory, List<FieldError> errors)
    {
        if (owner is null) return null;
        var id = memory.Owners.GetValueOrDefault(owner);
        if (id is null) errors.Add(new("owner", "Import.OwnerUnknown"));
        // Someone who has left still owns their records (an export read back names them) but is given no new one.
        else if (id != current && memory.InactiveOwners.Contains(id.Value)) errors.Add(new("owner", "Import.OwnerInactive"));
        else if (id != current && !user.HasPermission(assign)) errors.Add(new("owner", "Import.OwnerNotAllowed"));
        return id;
    }

    public static async Task ResolveAsync(RapportDbContext db, IEnumerable<string?> owners, ImportMemory memory, CancellationToken ct)
    {
        var wanted = owners.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Where(o => !memory.Owners.ContainsKey(o)).ToList();
        if (wanted.Count == 0) return;
        var upper = wanted.Select(w => w.ToUpperInvariant()).ToList();
        var display = wanted;
        var users = await db.Users.AsNoTracking()
            .Where(u => upper.Contains(u.NormalizedUserName!) || upper.Contains(u.NormalizedEmail!) || display.Contains(u.DisplayName!))
            .Select(u => new { u.Id, u.NormalizedUserName, u.NormalizedEmail, u.DisplayName, Active = u.Status == UserStatus.Active }).ToListAsync(ct);
        foreach (var w in wanted)
        {
            var key = w.ToUpperInvariant();
            var found = users.OrderByDescending(u => u.Active).FirstOrDefault(u => u.NormalizedUserName == key)
                ?? users.OrderByDescending(u => u.Active).FirstOrDefault(u => u.NormalizedEmail == key)
                ?? users.OrderByDescending(u => u.Active).FirstOrDefault(u => u.DisplayName == w);
            memory.Owners[w] = found?.Id;
            if (found is { Active: false }) memory.InactiveOwners.Add(found.Id);
        }
    }
}
