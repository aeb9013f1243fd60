using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rapport.Core.Settings;
using Rapport.Server.Cli;
using Rapport.Server.Cli.Demo;

namespace Rapport.Server.Infrastructure;

/// <summary>Brings a database up to date: migrations, search index, the deals' rollup triggers, the scheduler's tables, built-in roles and the first administrator.</summary>
internal sealed class DatabaseInitializer(
    RapportDbContext db, UserManager<AppUser> users, RoleManager<AppRole> roles,
    IConfiguration config, TimeProvider clock, ILogger<DatabaseInitializer> log,
    Rapport.Core.Sales.PipelineService pipelines, IServiceProvider services, Rapport.Core.ServiceDesk.BusinessCalendarService calendars)
{
    /// <summary>The migrations the database has had and those of this binary it has not had yet (a database that does
    /// not exist yet has had none).</summary>
    public async Task<(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending)> MigrationStateAsync(CancellationToken ct) =>
        await db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>().ExistsAsync(ct)
            ? ([.. await db.Database.GetAppliedMigrationsAsync(ct)], [.. await db.Database.GetPendingMigrationsAsync(ct)])
            : ([], [.. db.Database.GetMigrations()]);

    public async Task MigrateAsync(CancellationToken ct)
    {
        // A migration that fills a table from existing rows (search keys, rollups) runs for minutes on a large
        // database, far past a request's command timeout.
        db.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout);
        await db.Database.MigrateAsync(ct);
        await SearchIndex.EnsureAsync(db, ct);
        await Rapport.Core.Reports.DealRollupSchema.EnsureAsync(db, ct);
        await Rapport.Core.Customers.CustomerListsSchema.EnsureAsync(db, ct);
        await Jobs.QuartzSchema.EnsureAsync(db, ct);
        await EnsureBuiltInRolesAsync();
        await pipelines.EnsureDefaultAsync(ct);
        await calendars.EnsureDefaultsAsync(ct);
    }

    /// <summary>Creates any missing built-in role with its default permissions. Existing roles are left as the
    /// administrators edited them, except that a module added since the last start (see
    /// <see cref="BuiltInRoles.Modules"/>) gives them its default permissions and scope once.</summary>
    private async Task EnsureBuiltInRolesAsync()
    {
        const string key = "access-modules";
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key);
        // Installations from before modules were tracked had the first module only.
        var granted = row is not null ? System.Text.Json.JsonSerializer.Deserialize<List<string>>(row.Json) ?? []
            : await db.Roles.AnyAsync(r => r.IsBuiltIn) ? [BuiltInRoles.Modules[0]] : [];
        var added = BuiltInRoles.Modules.Except(granted).ToList();
        foreach (var def in BuiltInRoles.All)
        {
            var role = await roles.FindByNameAsync(def.Name);
            IEnumerable<string> modules = added;
            if (role is null)
            {
                role = new AppRole(def.Name) { Description = def.Description, IsBuiltIn = true };
                Check(await roles.CreateAsync(role));
                modules = BuiltInRoles.Modules;
            }
            var roleId = role.Id;
            var had = (await db.RoleClaims.Where(c => c.RoleId == roleId).Select(c => new { c.ClaimType, c.ClaimValue }).ToListAsync())
                .Select(c => (c.ClaimType, c.ClaimValue)).ToHashSet();
            foreach (var module in modules)
            {
                var claims = def.Permissions.Where(p => BuiltInRoles.ModuleOf(p) == module)
                    .Select(p => (Type: AppRole.PermissionClaim, Value: p))
                    .Concat(ScopedEntities.All.Contains(module) ? [(AppRole.ScopeClaimPrefix + module, def.ScopeOf(module).ToString().ToLowerInvariant())] : []);
                // Added to the context and saved once below, with the setting: ~190 claims on a new database, which one
                // save each (RoleManager.AddClaimAsync) made ~190 transactions and audit entries at every first start.
                db.RoleClaims.AddRange(claims.Where(c => had.Add(c))
                    .Select(c => new IdentityRoleClaim<Guid> { RoleId = roleId, ClaimType = c.Type, ClaimValue = c.Value }));
            }
        }
        if (row is null) db.Settings.Add(row = new AppSetting { Key = key, Json = "" });
        row.Json = System.Text.Json.JsonSerializer.Serialize(BuiltInRoles.Modules);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        AccessResolver.Invalidate();

        static void Check(IdentityResult r)
        {
            if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Creates <c>admin</c> when there are no users. The password comes from RAPPORT_ADMIN_PASSWORD, or is
    /// generated, printed once, and must be changed at first sign-in.</summary>
    public async Task<AppUser> EnsureAdministratorAsync(CancellationToken ct)
    {
        var existing = await users.GetUsersInRoleAsync(Roles.Administrator);
        if (existing.Count > 0) return existing.OrderBy(u => u.CreatedAt).First();

        var given = config["RAPPORT_ADMIN_PASSWORD"];
        var password = string.IsNullOrEmpty(given) ? GeneratePassword("admin") : given;
        var admin = new AppUser
        {
            UserName = "admin", DisplayName = "Administrator", CreatedAt = clock.GetUtcNow().UtcDateTime,
            MustChangePassword = string.IsNullOrEmpty(given), LockoutEnabled = true,
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
            throw new InvalidOperationException("Could not create the administrator: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Administrator);
        // Printed to the console on purpose: it is the only way the operator learns it.
        if (string.IsNullOrEmpty(given))
            Announce("Rapport administrator created", ["user name: admin", $"password:  {password}"], "This password is shown once. Change it after signing in.");
        log.LogInformation("Administrator account 'admin' created");
        return admin;
    }

    /// <summary>Loads the demo (see <see cref="DemoData"/>) into a database that has no customers, leads or products
    /// and none of the demo's user names yet. Returns false, changing nothing, when it has.</summary>
    public async Task<bool> SeedDemoIfEmptyAsync(int customers, CancellationToken ct)
    {
        var names = DemoPeople.Staff.Select(s => s.UserName.ToUpperInvariant()).ToList();
        if (await db.Customers.IgnoreQueryFilters().AnyAsync(ct) || await db.Leads.IgnoreQueryFilters().AnyAsync(ct)
            || await db.Products.AnyAsync(ct) || await db.Users.AnyAsync(u => names.Contains(u.NormalizedUserName!), ct))
        {
            log.LogInformation("Demo data not loaded: the database already has customers, leads, products or demo users (the demo only goes into an empty database)");
            return false;
        }
        var seeded = await new DemoData(services, clock).SeedAsync(customers, ct);
        log.LogInformation("Demo data: {Counts}", string.Join(", ", seeded.Select(c => $"{c.Value} {c.Key}")));
        return true;
    }

    /// <summary>A random password the policy accepts for <paramref name="userName"/>.</summary>
    internal static string GeneratePassword(string userName)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        string password;
        do password = RandomNumberGenerator.GetString(alphabet, 16) + "-7aK"; // a digit, a lower- and an upper-case letter and a symbol
        while (PasswordRules.Breaches(password, [userName, "Rapport"]).Any()); // a random "abcd" or "qwer" would fail the policy
        return password;
    }

    /// <summary>Prints credentials the operator can learn nowhere else, framed so they stand out in the start-up output.</summary>
    internal static void Announce(string heading, IReadOnlyList<string> lines, string? footer)
    {
        const string rule = "==============================================================";
        Console.WriteLine(string.Join(Environment.NewLine,
            ["", rule, " " + heading, .. lines.Select(l => "   " + l), .. footer is null ? Array.Empty<string>() : [" " + footer], rule, ""]));
    }
}

/// <summary>Ready only when the database answers and no migration is pending.</summary>
internal sealed class MigrationsHealthCheck(RapportDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending");
    }
}
