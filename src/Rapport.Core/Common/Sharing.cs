using Rapport.Core.Reports;

namespace Rapport.Core.Common;

/// <summary>One grant on a shared definition (a report, a segment): a user (id), a role (name) or a team (id), to view
/// or to edit it.</summary>
public interface IShareGrant
{
    ShareKind Kind { get; }
    string Target { get; }
    ReportAccess Access { get; }
}

/// <summary>Who the caller is for sharing — their id, role names and team — and the rules every shared definition
/// follows: the owner and those a grant names see it, the owner and edit grants change it, only the owner re-shares.</summary>
public sealed record Sharer(Guid Id, IReadOnlyList<string> Roles, string? Team)
{
    public string IdText => Id.ToString();

    public static async Task<Sharer> OfAsync(RapportDbContext db, ICurrentUser user, string permission, CancellationToken ct)
    {
        var id = user.Id ?? throw new ForbiddenException(permission);
        var roles = await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var team = await db.Users.Where(u => u.Id == id).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
        return new Sharer(id, roles, team?.ToString());
    }

    public bool Matches(IShareGrant s) =>
        (s.Kind == ShareKind.User && s.Target == IdText) || (s.Kind == ShareKind.Role && Roles.Contains(s.Target)) || (s.Kind == ShareKind.Team && s.Target == Team);

    public bool CanEdit(Guid ownerId, IEnumerable<IShareGrant> shares) => ownerId == Id || shares.Any(s => s.Access == ReportAccess.Edit && Matches(s));

    /// <summary>Whether <paramref name="now"/> grants exactly what <paramref name="had"/> does.</summary>
    public static bool Same(IEnumerable<IShareGrant> had, IReadOnlyList<ReportShareDto> now)
    {
        var list = had.ToList();
        return list.Count == now.Count && now.All(n => list.Any(s => s.Kind == n.Kind && s.Target == n.Target && s.Access == n.Access));
    }

    /// <summary>The shares checked — each names a user, role or team that exists — with targets in one spelling, so a
    /// share is found by a plain comparison.</summary>
    public static async Task<List<ReportShareDto>> CheckAsync(RapportDbContext db, IReadOnlyList<ReportShareDto>? shares, CancellationToken ct)
    {
        var list = (shares ?? []).DistinctBy(s => (s.Kind, s.Target)).ToList();
        var errors = new List<FieldError>();
        for (var i = 0; i < list.Count; i++)
        {
            var s = list[i];
            var ok = s.Kind switch
            {
                ShareKind.User => Guid.TryParse(s.Target, out var u) && await db.Users.AnyAsync(x => x.Id == u, ct),
                ShareKind.Team => Guid.TryParse(s.Target, out var t) && await db.Teams.AnyAsync(x => x.Id == t, ct),
                _ => await db.Roles.AnyAsync(r => r.Name == s.Target, ct),
            };
            if (!ok) errors.Add(new($"shares[{i}].target", "Report.UnknownShareTarget", s.Target ?? ""));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        return list.Select(s => s.Kind == ShareKind.Role ? s : s with { Target = Guid.Parse(s.Target).ToString() }).ToList();
    }
}
