using Microsoft.EntityFrameworkCore;
using Rapport.Core.Data;

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
}
