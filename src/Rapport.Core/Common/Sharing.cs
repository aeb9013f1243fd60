using System.Linq.Expressions;
using Rapport.Core.Reports;

namespace Rapport.Core.Common;

/// <summary>A grant on a shared definition (a report, a dashboard, a segment): a user (id), a role (name) or a team (id), to view
/// or to edit it.</summary>
public interface IShareGrant
{
    ShareKind Kind { get; }
    string Target { get; }
    ReportAccess Access { get; }
}

/// <summary>A saved definition that its owner shares (a report, a dashboard, a segment): what the shared checks need.</summary>
public interface ISharedDefinition
{
    Guid Id { get; }
    Guid OwnerId { get; }
    IReadOnlyCollection<IShareGrant> Grants { get; }
    void ShareWith(IReadOnlyList<ReportShareDto> shares);
    void ExpectVersion(long? expected, string entity, Guid id);
}

/// <summary>Who the caller is for sharing: their id, role names and team.</summary>
public sealed record Sharer(Guid Id, IReadOnlyList<string> Roles, string? Team)
{
    public string IdText => Id.ToString();

    public bool Holds(IShareGrant s) =>
        (s.Kind == ShareKind.User && s.Target == IdText) || (s.Kind == ShareKind.Role && Roles.Contains(s.Target)) || (s.Kind == ShareKind.Team && s.Target == Team);

    /// <summary>The owner edits; so does whoever holds an edit grant.</summary>
    public bool CanEdit(Guid ownerId, IEnumerable<IShareGrant> shares) => ownerId == Id || shares.Any(s => s.Access == ReportAccess.Edit && Holds(s));
}

/// <summary>Sharing of saved definitions, the same for reports, dashboards and segments: who the caller is, which grants reach
/// them (as a query), checking the targets of new grants, and replacing a record's grants.</summary>
public static class Sharing
{
    public static async Task<Sharer> WhoAsync(RapportDbContext db, ICurrentUser user, CancellationToken ct, string permission = Permissions.ReportsRead)
    {
        var id = user.Id ?? throw new ForbiddenException(permission);
        var roles = await db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var team = await db.Users.Where(u => u.Id == id).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
        return new Sharer(id, roles, team?.ToString());
    }

    /// <summary>The grants that reach <paramref name="me"/>, for a query's <c>Shares.AsQueryable().Any(…)</c>.</summary>
    public static Expression<Func<TShare, bool>> Reaching<TShare>(Sharer me) where TShare : class, IShareGrant
    {
        var (idText, roles, team) = (me.IdText, me.Roles.ToList(), me.Team);
        return s => (s.Kind == ShareKind.User && s.Target == idText) || (s.Kind == ShareKind.Role && roles.Contains(s.Target)) || (s.Kind == ShareKind.Team && s.Target == team);
    }

    /// <summary>The shares checked: each names a user, role or team that exists; targets in one spelling.</summary>
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
        // Targets are stored in one spelling, so a share is found by a plain comparison.
        return list.Select(s => s.Kind == ShareKind.Role ? s : s with { Target = Guid.Parse(s.Target).ToString() }).ToList();
    }

    /// <summary>Replaces <paramref name="had"/> with <paramref name="now"/>, keeping the rows that did not change.</summary>
    public static void Replace<TShare>(List<TShare> had, IReadOnlyList<ReportShareDto> now, Func<ReportShareDto, TShare> make) where TShare : IShareGrant
    {
        had.RemoveAll(s => !now.Any(n => Same(s, n)));
        foreach (var n in now.Where(n => !had.Any(s => Same(s, n)))) had.Add(make(n));
    }

    /// <summary>The caller may change <paramref name="item"/> (its owner or an edit grant; 403 "{area}.edit") at the version
    /// they read (412).</summary>
    public static void MayEdit(Sharer me, ISharedDefinition item, long? expectedVersion, string area)
    {
        if (!me.CanEdit(item.OwnerId, item.Grants)) throw new ForbiddenException(area + ".edit");
        item.ExpectVersion(expectedVersion, item.GetType().Name, item.Id);
    }

    /// <summary>Only the owner deletes (403 "{area}.delete"), at the version they read (412).</summary>
    public static void MayDelete(Sharer me, ISharedDefinition item, long? expectedVersion, string area)
    {
        if (item.OwnerId != me.Id) throw new ForbiddenException(area + ".delete");
        item.ExpectVersion(expectedVersion, item.GetType().Name, item.Id);
    }

    /// <summary>Deletes <paramref name="item"/> after <see cref="MayDelete"/>.</summary>
    public static async Task DeleteAsync(RapportDbContext db, Sharer me, ISharedDefinition item, long? expectedVersion, string area, CancellationToken ct)
    {
        MayDelete(me, item, expectedVersion, area);
        db.Remove(item);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Replaces the grants when <paramref name="shares"/> is given: targets checked, and only the owner changes whom
    /// it is shared with (an editor may send the grants back unchanged; otherwise 403 "{area}.share").</summary>
    public static async Task ReshareAsync(RapportDbContext db, Sharer me, ISharedDefinition item, IReadOnlyList<ReportShareDto>? shares, string area, CancellationToken ct)
    {
        if (shares is null) return;
        var now = await CheckAsync(db, shares, ct);
        if (item.OwnerId != me.Id && !SameAs(item.Grants, now)) throw new ForbiddenException(area + ".share");
        item.ShareWith(now);
    }

    public static bool SameAs(IReadOnlyCollection<IShareGrant> had, IReadOnlyList<ReportShareDto> now) =>
        had.Count == now.Count && now.All(n => had.Any(s => Same(s, n)));

    public static List<ReportShareDto> Dtos(IEnumerable<IShareGrant> shares) => shares.Select(s => new ReportShareDto(s.Kind, s.Target, s.Access)).ToList();

    private static bool Same(IShareGrant s, ReportShareDto n) => n.Kind == s.Kind && n.Target == s.Target && n.Access == s.Access;
}
