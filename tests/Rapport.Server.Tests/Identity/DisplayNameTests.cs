using Microsoft.AspNetCore.Identity;

namespace Rapport.Server.Tests.Identity;

/// <summary>The web app greets people by the name they go by ("Welcome, 李娜"), not their sign-in name ("li.sales").</summary>
public abstract class DisplayNameTests(RapportApp app)
{
    [Fact]
    public async Task A_signed_in_principal_carries_the_display_name_and_falls_back_to_nothing_without_one()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var named = new AppUser { UserName = "li.sales." + Guid.NewGuid().ToString("N")[..6], DisplayName = "李娜", CreatedAt = DateTime.UtcNow };
        var plain = new AppUser { UserName = "plain." + Guid.NewGuid().ToString("N")[..6], CreatedAt = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(named, RapportApp.AdminPassword)).Succeeded);
        Assert.True((await users.CreateAsync(plain, RapportApp.AdminPassword)).Succeeded);

        var withName = await factory.CreateAsync(named);
        var without = await factory.CreateAsync(plain);

        Assert.Equal("李娜", withName.FindFirst(RapportClaimsFactory.DisplayName)?.Value);
        Assert.Equal(named.UserName, withName.Identity?.Name);
        Assert.Null(without.FindFirst(RapportClaimsFactory.DisplayName));
    }
}

public sealed class DisplayNameOnSqlite(SqliteApp app) : DisplayNameTests(app), IClassFixture<SqliteApp>;

public sealed class DisplayNameOnPostgres(PostgresApp app) : DisplayNameTests(app), IClassFixture<PostgresApp>;
