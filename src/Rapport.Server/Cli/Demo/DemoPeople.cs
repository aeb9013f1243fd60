using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Cli.Demo;

/// <summary>The demo's colleagues, one or more per built-in role: a sales manager over two teams of representatives,
/// marketing, service, finance and an auditor. Chinese colleagues work in 简体中文, the others in English.</summary>
internal sealed class DemoPeople : IDemoPart
{
    /// <summary>Sign-in name, display name, role, team (null: none), language.</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Role, string? Team, string Culture)> Staff =
    [
        ("wang.manager", "王芳", Roles.SalesManager, SalesTeam, "zh-CN"),
        ("li.sales", "李伟", Roles.SalesRepresentative, EastTeam, "zh-CN"),
        ("zhang.sales", "张敏", Roles.SalesRepresentative, EastTeam, "zh-CN"),
        ("emma.sales", "Emma Clarke", Roles.SalesRepresentative, GlobalTeam, "en"),
        ("chen.marketing", "陈静", Roles.MarketingSpecialist, null, "zh-CN"),
        ("david.service", "David Moore", Roles.ServiceAgent, null, "en"),
        ("sarah.finance", "Sarah Miller", Roles.Finance, null, "en"),
        ("zhou.audit", "周慧", Roles.Auditor, null, "zh-CN"),
    ];

    private const string SalesTeam = "销售部 Sales";
    private const string EastTeam = "华东区 East China";
    private const string GlobalTeam = "国际业务 International";

    public Guid Admin { get; private init; }
    public Guid Manager { get; private init; }
    /// <summary>The representatives for Chinese customers (East China team) and for English-speaking ones.</summary>
    public IReadOnlyList<Guid> ChinaReps { get; private init; } = [];
    public Guid GlobalRep { get; private init; }
    public Guid EastTeamId { get; private init; }
    public Guid Marketing { get; private init; }
    public Guid Service { get; private init; }
    public Guid Finance { get; private init; }

    /// <summary>A representative for a customer in that language, taking turns.</summary>
    public Guid RepFor(bool chinese, int turn) => chinese ? ChinaReps[turn % ChinaReps.Count] : turn % 4 == 3 ? ChinaReps[0] : GlobalRep;

    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        var users = world.App.GetRequiredService<UserManager<AppUser>>();
        var admin = (await users.GetUsersInRoleAsync(Roles.Administrator)).OrderBy(u => u.CreatedAt).First();
        world.At(world.DaysAgo(365));
        var access = (await world.AsAsync(admin.Id, ct)).Get<AccessAdminService>();
        var sales = await access.CreateTeamAsync(new TeamInput(SalesTeam, null), ct);
        var teams = new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            [SalesTeam] = sales.Id,
            [EastTeam] = (await access.CreateTeamAsync(new TeamInput(EastTeam, sales.Id), ct)).Id,
            [GlobalTeam] = (await access.CreateTeamAsync(new TeamInput(GlobalTeam, sales.Id), ct)).Id,
        };

        // Passwords as for the administrator: the operator's choice (RAPPORT_DEMO_PASSWORD), or generated, shown once
        // and changed at first sign-in.
        var given = world.App.GetRequiredService<IConfiguration>()["RAPPORT_DEMO_PASSWORD"];
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var shown = new List<string>();
        foreach (var (userName, displayName, role, team, culture) in Staff)
        {
            var password = string.IsNullOrEmpty(given) ? DatabaseInitializer.GeneratePassword(userName) : given;
            var user = new AppUser
            {
                UserName = userName, DisplayName = displayName, Culture = culture, Email = userName + "@demo.rapport.example",
                CreatedAt = world.DaysAgo(365), MustChangePassword = string.IsNullOrEmpty(given), LockoutEnabled = true,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                throw new InvalidOperationException($"Could not create the demo user {userName}: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            ids[userName] = user.Id;
            // Roles, team and manager through the same service the administration pages use.
            await access.SetUserAccessAsync(user.Id, new UserAccessInput([role], team is null ? null : teams[team],
                role == Roles.SalesRepresentative ? ids["wang.manager"] : null), ct);
            shown.Add($"{userName,-15} {role,-21} {(string.IsNullOrEmpty(given) ? password : "(RAPPORT_DEMO_PASSWORD)")}");
        }
        DatabaseInitializer.Announce("Rapport demo users created", ["user name       role                  password", .. shown],
            string.IsNullOrEmpty(given) ? "These passwords are shown once. Each is changed at first sign-in." : null);

        world.People = new DemoPeople
        {
            Admin = admin.Id, Manager = ids["wang.manager"], ChinaReps = [ids["li.sales"], ids["zhang.sales"]], GlobalRep = ids["emma.sales"],
            EastTeamId = teams[EastTeam], Marketing = ids["chen.marketing"], Service = ids["david.service"], Finance = ids["sarah.finance"],
        };
        world.Count("users", Staff.Count);
    }
}
