using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Rapport.Core.Audit;
using Rapport.Core.Customers;

namespace Rapport.Core.Identity;

public sealed record UserDto(
    Guid Id, string UserName, string? DisplayName, string? Email, UserStatus Status, Guid? TeamId, Guid? ManagerId,
    IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime? LastSignInAt, bool TwoFactorEnabled,
    string? Position = null, string? Culture = null, string? TimeZone = null);

/// <summary>What an administrator edits on someone's profile: name, email, job title, language and time zone (roles,
/// team and manager are set through the user's access).</summary>
public sealed record UserProfileInput(string? DisplayName, string? Email, string? Position, string? Culture, string? TimeZone);

public sealed record InviteInput(string? UserName, string? DisplayName, string? Email, IReadOnlyList<string>? Roles, Guid? TeamId);

public sealed record RoleNameDto(Guid Id, string Name);

/// <summary>The invitation link is returned once; only its hash is stored.</summary>
public sealed record Invitation(UserDto User, string Token, string Link, DateTime ExpiresAt);

public sealed record AcceptInvitationInput(string? Token, string? Password);

public sealed record OffboardInput(Guid? ReassignToUserId);

/// <summary>What offboarding handed over. Quotes and invoices follow their deal and order; tasks are open tasks
/// (an interaction's task list is its creator's).</summary>
public sealed record OffboardResult(UserDto User, int CustomersReassigned, int TokensRevoked, int LeadsReassigned = 0,
    int OpportunitiesReassigned = 0, int ContractsReassigned = 0, int OrdersReassigned = 0, int TasksReassigned = 0,
    int CasesReassigned = 0, int LeadFormsReassigned = 0);

/// <summary>A one-time invitation: the SHA-256 of the token, when it expires and when it was used.</summary>
public sealed class UserInvitation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public required string TokenHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? UsedAt { get; set; }
}

/// <summary>A user's life: invited → active ⇄ suspended → offboarded (records handed to a colleague).</summary>
public sealed class UserAdminService(
    RapportDbContext db, UserManager<AppUser> users, ICurrentUser caller, TokenService tokens, SessionService sessions, AuditTrail audit,
    AccountService accounts, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public const int PositionMax = 100;

    /// <summary>Users by user name, one keyset page at a time; <paramref name="q"/> matches the user name, display
    /// name or email; <paramref name="roleId"/> keeps the holders of one role.</summary>
    public async Task<Page<UserDto>> ListAsync(UserStatus? status, Guid? teamId, Guid? roleId, string? q, string? cursor, int? limit, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var size = Keyset.ClampPageSize(limit);
        var source = db.Users.AsNoTracking();
        if (status is { } s) source = source.Where(u => u.Status == s);
        if (teamId is { } t) source = source.Where(u => u.TeamId == t);
        if (roleId is { } r) source = source.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == r));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToUpperInvariant();
            source = source.Where(u => u.NormalizedUserName!.Contains(term) || (u.NormalizedEmail != null && u.NormalizedEmail.Contains(term))
                || (u.DisplayName != null && u.DisplayName.Contains(q.Trim())));
        }
        var rows = await Keyset.Seek(source, u => u.NormalizedUserName, u => u.Id, false, cursor, size).ToListAsync(ct);
        var (page, next) = Keyset.Cut(rows, size, u => u.NormalizedUserName, u => u.Id);
        var roles = await RolesOfAsync(page.Select(u => u.Id).ToList(), ct);
        return new Page<UserDto>(page.Select(u => ToDto(u, roles)).ToList(), next);
    }

    /// <summary>Every user, by name, one keyset page at a time (for the CSV export).</summary>
    public async IAsyncEnumerable<UserDto> ExportAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        await audit.RecordAsync(AuditActions.UsersExported, "user", null, null, ct);
        string? cursor = null;
        do
        {
            var page = await ListAsync(null, null, null, null, cursor, Keyset.MaxPageSize, ct);
            foreach (var u in page.Items) yield return u;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Every role's name, for picking roles on an invitation or a user (managing roles themselves needs roles.manage).</summary>
    public async Task<IReadOnlyList<RoleNameDto>> RoleNamesAsync(CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        return await db.Roles.AsNoTracking().OrderBy(r => r.Name).Select(r => new RoleNameDto(r.Id, r.Name!)).ToListAsync(ct);
    }

    public async Task<UserDto> GetAsync(Guid id, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        return await DescribeAsync(await FindAsync(id, ct), ct);
    }

    /// <summary>Creates an invited user (no password yet) and a one-time link valid for seven days.</summary>
    public async Task<Invitation> InviteAsync(InviteInput input, CancellationToken ct) => (await ImportAsync([input], "", ct))[0];

    /// <summary>Invites many people at once, all or nothing: every row is checked first, and any error (reported as
    /// <c>rows[i].field</c>) creates nobody.</summary>
    public async Task<IReadOnlyList<Invitation>> ImportAsync(IReadOnlyList<InviteInput> inputs, string fieldPrefix, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var errors = new List<FieldError>();
        var checkedRows = new List<(InviteInput Input, string Name, List<AppRole> Roles)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var at = fieldPrefix.Length == 0 ? "" : $"{fieldPrefix}[{i}].";
            var name = input.UserName?.Trim() ?? "";
            if (name.Length == 0) errors.Add(new(at + "userName", "Validation.Required"));
            if (name.Length > 100) errors.Add(new(at + "userName", "Validation.TooLong", 100));
            TextInput.CheckLength(errors, at + "displayName", input.DisplayName, 200);
            if (name.Length > 0 && (!seen.Add(name) || await users.FindByNameAsync(name) is not null)) errors.Add(new(at + "userName", "Validation.UserNameTaken"));
            if (input.Email is { Length: > 0 } email && ContactPoints.NormalizeEmail(email) is null) errors.Add(new(at + "email", "Validation.Email"));
            if (input.Roles?.Any(r => r is null) == true) errors.Add(new(at + "roles", "Validation.Required"));
            var roleNames = (input.Roles ?? []).Select(r => r?.Trim().ToUpperInvariant() ?? "").Where(r => r.Length > 0).Distinct().ToList();
            var roles = await db.Roles.Where(r => roleNames.Contains(r.NormalizedName!)).ToListAsync(ct);
            foreach (var missing in roleNames.Except(roles.Select(r => r.NormalizedName!))) errors.Add(new(at + "roles", "Validation.UnknownRole", missing));
            if (input.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct)) errors.Add(new(at + "teamId", "Validation.UnknownTeam"));
            checkedRows.Add((input, name, roles));
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var invitations = new List<Invitation>();
        foreach (var (input, name, roles) in checkedRows) invitations.Add(await CreateInvitedAsync(input, name, roles, ct));
        await tx.CommitAsync(ct);
        return invitations;
    }

    private async Task<Invitation> CreateInvitedAsync(InviteInput input, string name, List<AppRole> roles, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var user = new AppUser
        {
            UserName = name, DisplayName = TextInput.Clean(input.DisplayName), Email = ContactPoints.NormalizeEmail(input.Email),
            Status = UserStatus.Invited, TeamId = input.TeamId, CreatedAt = now, LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) throw new RapportValidationException(AccountService.ToFieldErrors(created, "userName"));
        db.UserRoles.AddRange(roles.Select(r => new IdentityUserRole<Guid> { UserId = user.Id, RoleId = r.Id }));
        var invitation = new UserInvitation { UserId = user.Id, TokenHash = TokenService.Hash(token), CreatedAt = now, ExpiresAt = now + InvitationLifetime };
        db.Add(invitation);
        await db.SaveChangesAsync(ct);
        return new Invitation(await DescribeAsync(user, ct), token, "/account/invite?token=" + token, invitation.ExpiresAt);
    }

    /// <summary>Sets the invited user's first password (the policy applies) and activates them. Single use.</summary>
    public async Task<UserDto> AcceptInvitationAsync(AcceptInvitationInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = TokenService.Hash(input.Token ?? "");
        var invitation = await db.Set<UserInvitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null || invitation.UsedAt is not null || invitation.ExpiresAt <= now)
            throw RapportValidationException.For("token", "Validation.InvitationInvalid");
        var user = await users.FindByIdAsync(invitation.UserId.ToString());
        if (user is not { Status: UserStatus.Invited }) throw RapportValidationException.For("token", "Validation.InvitationInvalid");
        if (string.IsNullOrEmpty(input.Password)) throw RapportValidationException.For("password", "Validation.Required");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.AddPasswordAsync(user, input.Password);
        if (!result.Succeeded) throw new RapportValidationException(AccountService.ToFieldErrors(result, "password"));
        user.Status = UserStatus.Active;
        invitation.UsedAt = now;
        await users.UpdateAsync(user);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        AccessResolver.Invalidate();
        return await DescribeAsync(user, ct);
    }

    /// <summary>Bars a user from signing in: every session and token ends at once.</summary>
    public async Task<UserDto> SuspendAsync(Guid id, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var user = await FindAsync(id, ct);
        await EnsureNotLastAdministratorAsync(user, ct);
        if (user.Id == caller.Id) throw RapportValidationException.For("id", "Validation.NotYourself");
        user.Status = UserStatus.Suspended;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await sessions.EndAllAsync(id, ct);
        await tokens.RevokeAllAsync(id, ct);
        AccessResolver.Invalidate();
        return await DescribeAsync(user, ct);
    }

    /// <summary>Changes someone's name, email, job title, language and time zone (roles and team: their access).</summary>
    public async Task<UserDto> UpdateAsync(Guid id, UserProfileInput input, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var user = await FindAsync(id, ct);
        var errors = new List<FieldError>();
        TextInput.CheckLength(errors, "displayName", input.DisplayName, 200);
        TextInput.CheckLength(errors, "position", input.Position, PositionMax);
        var email = ContactPoints.NormalizeEmail(input.Email);
        if (input.Email is { Length: > 0 } && email is null) errors.Add(new("email", "Validation.Email"));
        if (input.Culture is { Length: > 0 } culture && !Preferences.PreferenceService.Cultures.Contains(culture))
            errors.Add(new("culture", "Validation.OneOf", string.Join(", ", Preferences.PreferenceService.Cultures)));
        var zone = string.IsNullOrWhiteSpace(input.TimeZone) ? null : TimeZones.Find(input.TimeZone);
        if (!string.IsNullOrWhiteSpace(input.TimeZone) && zone is null) errors.Add(new("timeZone", "Validation.TimeZone"));
        if (errors.Count > 0) throw new RapportValidationException(errors);
        user.DisplayName = TextInput.Clean(input.DisplayName);
        user.Email = email;
        user.Position = TextInput.Clean(input.Position);
        user.Culture = string.IsNullOrEmpty(input.Culture) ? null : input.Culture;
        user.TimeZone = zone?.Id;
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded) throw new RapportValidationException(AccountService.ToFieldErrors(saved, "email"));
        cache.Remove(Preferences.UserTimeZones.CacheKey(id));
        return await DescribeAsync(user, ct);
    }

    /// <summary>Someone lost their phone or security key: their authenticator, recovery codes and passkeys go, and so
    /// do their sessions, so the next sign-in is with the password alone (and enrols again where a role requires it).
    /// Your own second factor is turned off on your own security page, which asks for proof.</summary>
    public async Task<UserDto> ResetMfaAsync(Guid id, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var user = await FindAsync(id, ct);
        if (user.Id == caller.Id) throw RapportValidationException.For("id", "Validation.NotYourself");
        var passkeys = await users.GetPasskeysAsync(user);
        foreach (var passkey in passkeys) await users.RemovePasskeyAsync(user, passkey.CredentialId);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0); // replaces the old codes with none
        await users.UpdateSecurityStampAsync(user);
        await sessions.EndAllAsync(id, ct);
        await audit.RecordAsync(AuditActions.MfaReset, "user", id.ToString(), new { passkeys = passkeys.Count }, ct);
        AccessResolver.Invalidate();
        return await DescribeAsync(user, ct);
    }

    /// <summary>"Sign out everywhere" for someone else (a stolen laptop): every session ends and every token is revoked.</summary>
    public async Task<UserDto> SignOutEverywhereAsync(Guid id, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var user = await FindAsync(id, ct);
        await accounts.RevokeAllSessionsAsync(id, ct);
        AccessResolver.Invalidate();
        return await DescribeAsync(user, ct);
    }

    public async Task<UserDto> ReactivateAsync(Guid id, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var user = await FindAsync(id, ct);
        if (user.Status != UserStatus.Suspended) throw RapportValidationException.For("id", "Validation.NotSuspended");
        user.Status = UserStatus.Active;
        await users.UpdateAsync(user);
        AccessResolver.Invalidate();
        return await DescribeAsync(user, ct);
    }

    /// <summary>Someone leaves: access ends, roles go, and everything they own (customers, leads, deals and so their
    /// quotes, contracts, orders and so their invoices, cases, open tasks, and the web forms whose leads go to them)
    /// passes to a colleague — all in one transaction, so no record is ever left without an owner
    /// who can see it.</summary>
    public async Task<OffboardResult> OffboardAsync(Guid id, OffboardInput input, CancellationToken ct)
    {
        caller.Require(Permissions.UsersManage);
        var user = await FindAsync(id, ct);
        if (user.Id == caller.Id) throw RapportValidationException.For("id", "Validation.NotYourself");
        await EnsureNotLastAdministratorAsync(user, ct);
        if (input.ReassignToUserId is not { } heir || heir == id
            || !await db.Users.AnyAsync(u => u.Id == heir && u.Status == UserStatus.Active, ct))
            throw RapportValidationException.For("reassignToUserId", "Validation.UnknownUser");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Administrative operation: every record of the leaver, including those in the recycle bin. Each moved record
        // gets a new version, so a copy read before the hand-over is stale (412) instead of handing it back on save.
        var moved = await db.Customers.IgnoreQueryFilters().Where(c => c.OwnerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, heir).SetProperty(c => c.Version, c => c.Version + 1), ct);
        var leads = await db.Leads.IgnoreQueryFilters().Where(l => l.OwnerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, heir).SetProperty(l => l.Version, l => l.Version + 1), ct);
        var deals = await db.Opportunities.IgnoreQueryFilters().Where(o => o.OwnerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OwnerId, heir).SetProperty(o => o.Version, o => o.Version + 1), ct);
        var contracts = await db.Contracts.IgnoreQueryFilters().Where(c => c.OwnerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, heir).SetProperty(c => c.Version, c => c.Version + 1), ct);
        var orders = await db.Orders.IgnoreQueryFilters().Where(o => o.OwnerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OwnerId, heir), ct);
        // A task is on its creator's list ("my tasks", renewal reminders), so open ones move; done ones stay history.
        var tasks = await db.Interactions.IgnoreQueryFilters().Where(i => i.CreatedById == id && i.Kind == InteractionKind.Task && !i.Done)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedById, heir).SetProperty(i => i.Version, i => i.Version + 1), ct);
        // Closed cases move too: a customer's reply reopens one, and it must come back to someone who is still here.
        var cases = await db.Cases.IgnoreQueryFilters().Where(c => c.OwnerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerId, heir).SetProperty(c => c.Version, c => c.Version + 1), ct);
        var forms = await db.LeadForms.IgnoreQueryFilters().Where(f => f.DefaultOwnerId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.DefaultOwnerId, heir), ct);
        await db.UserRoles.Where(ur => ur.UserId == id).ExecuteDeleteAsync(ct);
        user.Status = UserStatus.Offboarded;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await users.UpdateAsync(user);
        await sessions.EndAllAsync(id, ct);
        var revoked = await tokens.RevokeAllAsync(id, ct);
        await audit.RecordAsync(AuditActions.UserOffboarded, "user", id.ToString(),
            new { reassignedTo = heir, customers = moved, leads, opportunities = deals, contracts, orders, tasks, cases, leadForms = forms }, ct);
        await tx.CommitAsync(ct);
        AccessResolver.Invalidate();
        return new OffboardResult(await DescribeAsync(user, ct), moved, revoked, leads, deals, contracts, orders, tasks, cases, forms);
    }

    private async Task<AppUser> FindAsync(Guid id, CancellationToken ct) =>
        await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("User", id);

    private async Task EnsureNotLastAdministratorAsync(AppUser user, CancellationToken ct)
    {
        var admin = await db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id).FirstAsync(ct);
        if (await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == admin, ct)
            && !await db.UserRoles.Where(ur => ur.RoleId == admin && ur.UserId != user.Id)
                .Join(db.Users.Where(u => u.Status == UserStatus.Active), ur => ur.UserId, u => u.Id, (ur, _) => ur).AnyAsync(ct))
            throw RapportValidationException.For("id", "Validation.LastAdministrator");
    }

    private async Task<Dictionary<Guid, List<string>>> RolesOfAsync(List<Guid> ids, CancellationToken ct) =>
        (await db.UserRoles.Where(ur => ids.Contains(ur.UserId)).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct)).GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Name!).Order(StringComparer.Ordinal).ToList());

    private async Task<UserDto> DescribeAsync(AppUser u, CancellationToken ct) => ToDto(u, await RolesOfAsync([u.Id], ct));

    private static UserDto ToDto(AppUser u, Dictionary<Guid, List<string>> roles) => new(
        u.Id, u.UserName!, u.DisplayName, u.Email, u.Status, u.TeamId, u.ManagerId,
        roles.GetValueOrDefault(u.Id) ?? [], u.CreatedAt, u.LastSignInAt, u.TwoFactorEnabled, u.Position, u.Culture, u.TimeZone);
}
