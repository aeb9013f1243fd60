using Rapport.Core.Access;
using Rapport.Server.Access;

namespace Rapport.Components.Tests.Access;

/// <summary>The role editor's permission × scope grid: every permission appears once, labelled in both languages;
/// granting a module's first permission gives it the "own" scope and taking its last away clears it; a built-in role
/// copied as a new role starts from exactly its grants; read-only grids cannot be changed.</summary>
public class RoleMatrixTests : UiContext
{
    [Fact]
    public void Every_permission_is_in_exactly_one_module_and_only_modules_with_records_offer_a_scope()
    {
        var listed = RoleMatrix.Modules.SelectMany(m => m.Permissions).ToList();

        Assert.Equal(Permissions.All.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(ScopedEntities.All.Order(StringComparer.Ordinal),
            RoleMatrix.Modules.Where(m => m.ScopedEntity is not null).Select(m => m.ScopedEntity!).Order(StringComparer.Ordinal));
        Assert.Contains(Permissions.RolesManage, RoleMatrix.Modules.Single(m => m.Name == RoleMatrix.AdminModule).Permissions);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void Every_module_and_permission_has_a_label(string culture)
    {
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        var text = Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Rapport.Server.SharedResource>>();

        var missing = RoleMatrix.Modules.Select(m => "RoleModule." + m.Name).Concat(Permissions.All.Select(p => "Permission." + p))
            .Concat(Enum.GetNames<RecordScope>().Select(s => "Enum.RecordScope." + s))
            .Where(k => text[k].ResourceNotFound).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void The_first_grant_in_a_module_gives_its_own_records_and_the_last_removal_takes_the_scope_away()
    {
        var matrix = RoleMatrix.Empty();

        matrix.Set(Permissions.CasesRead, true);
        var afterFirst = matrix.ScopeOf(ScopedEntities.Cases);
        matrix.SetScope(ScopedEntities.Cases, RecordScope.Team);
        matrix.Set(Permissions.CasesUpdate, true);
        var afterSecond = matrix.ScopeOf(ScopedEntities.Cases);
        matrix.Set(Permissions.CasesRead, false);
        matrix.Set(Permissions.CasesUpdate, false);
        matrix.Set(Permissions.AuditRead, true);

        Assert.Equal(RecordScope.Own, afterFirst);
        Assert.Equal(RecordScope.Team, afterSecond);
        Assert.Equal(RecordScope.None, matrix.ScopeOf(ScopedEntities.Cases));
        var input = matrix.ToInput("Auditors", null, false);
        Assert.Equal([Permissions.AuditRead], input.Permissions);
        Assert.Empty(input.Scopes!);
    }

    [Fact]
    public void A_built_in_role_copied_as_new_keeps_its_grants_and_scopes()
    {
        var agent = BuiltInRoles.All.Single(r => r.Name == Rapport.Core.Common.Roles.ServiceAgent);
        var role = new RoleDto(Guid.NewGuid(), agent.Name, agent.Description, true, false, agent.Permissions,
            ScopedEntities.All.ToDictionary(e => e, agent.ScopeOf), 0);

        var input = RoleMatrix.Of(role).ToInput("Agents (copy)", null, false);

        Assert.Equal(agent.Permissions.Order(StringComparer.Ordinal), input.Permissions!.Order(StringComparer.Ordinal));
        Assert.Equal(RecordScope.Team, input.Scopes![ScopedEntities.Cases]);
        Assert.Equal(RecordScope.All, input.Scopes[ScopedEntities.Customers]);
    }

    [Fact]
    public void Ticking_a_module_in_the_grid_grants_all_of_it_with_its_own_records_and_a_read_only_grid_changes_nothing()
    {
        var matrix = RoleMatrix.Empty();
        var changes = 0;
        var cut = RenderWithPopovers<RoleMatrixEditor>(p => p.Add(c => c.Matrix, matrix).Add(c => c.Changed, () => changes++));

        cut.Find("[data-module=leads] .mud-checkbox input").Change(true);

        Assert.Equal(1, changes);
        Assert.All(RoleMatrix.Modules.Single(m => m.Name == "leads").Permissions, p => Assert.True(matrix.Has(p)));
        Assert.Equal(RecordScope.Own, matrix.ScopeOf(ScopedEntities.Leads));
        Assert.Contains("Convert leads into customers", cut.Markup, StringComparison.Ordinal);

        var frozen = RoleMatrix.Empty();
        var readOnly = Render<RoleMatrixEditor>(p => p.Add(c => c.Matrix, frozen).Add(c => c.ReadOnly, true));
        Assert.All(readOnly.FindAll("[data-permission] input"), i => Assert.True(i.HasAttribute("disabled")));
    }
}
