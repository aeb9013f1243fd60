using Rapport.Core.Access;
using Rapport.Core.Customers;
using Rapport.Core.Leads;
using Rapport.Core.Settings;
using Rapport.Server.Tests.Infrastructure;

namespace Rapport.E2E.Tests;

/// <summary>Sets up data through the app's own services (as the system, outside any request).</summary>
internal static class Seed
{
    public static async Task<CustomerDto> CustomerAsync(RapportApp app, string name, Guid? ownerId = null, string city = "北京")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var phone = "139" + Random.Shared.Next(10000000, 99999999);
        return await scope.ServiceProvider.GetRequiredService<CustomerService>().CreateAsync(new CustomerInput
        {
            Name = name, Phones = [phone], Addresses = [new AddressDto("中国", city)], OwnerId = ownerId,
        }, confirmDuplicate: true, CancellationToken.None);
    }

    public static async Task<Guid> TeamAsync(RapportApp app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AccessAdminService>().CreateTeamAsync(new TeamInput(name, null), CancellationToken.None)).Id;
    }

    /// <summary>A user with the test password, in one role and one team.</summary>
    public static async Task<Guid> UserAsync(RapportApp app, string userName, string role, Guid? teamId)
    {
        await app.CreateUserWithTokenAsync(userName);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rapport.Core.Identity.AppUser>>();
        var id = (await users.FindByNameAsync(userName))!.Id;
        await scope.ServiceProvider.GetRequiredService<AccessAdminService>().SetUserAccessAsync(id, new UserAccessInput([role], teamId, null), CancellationToken.None);
        return id;
    }

    /// <summary>An active product with a CNY price-list price in force since 2020.</summary>
    public static async Task PricedProductAsync(RapportApp app, string name, decimal price)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var products = scope.ServiceProvider.GetRequiredService<Rapport.Core.Sales.ProductService>();
        var product = await products.CreateAsync(new Rapport.Core.Sales.ProductInput("SKU-" + Guid.NewGuid().ToString("N")[..8], name, "pcs"), CancellationToken.None);
        await products.CreatePriceListAsync(new Rapport.Core.Sales.PriceListInput("List " + name, "CNY", new DateOnly(2020, 1, 1), null,
            [new Rapport.Core.Sales.PriceListItemInput(product.Id, price)]), CancellationToken.None);
    }

    /// <summary>An inbound team with one sales rep, a rule that sends website leads round that team, and a public web
    /// form. Returns the rep's user name and the form's token.</summary>
    public static async Task<(string Rep, string Token)> InboundAsync(RapportApp app, string stem)
    {
        var team = await TeamAsync(app, "Inbound " + stem);
        var rep = "rep" + stem;
        await UserAsync(app, rep, Rapport.Core.Common.Roles.SalesRepresentative, team);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SettingsService>().SaveAsync(
            new LeadAssignment([new LeadAssignmentRule(Source: "Website", TeamId: team)]), CancellationToken.None);
        var form = await scope.ServiceProvider.GetRequiredService<LeadFormService>().CreateAsync(new LeadFormInput("Contact " + stem, "Website"), CancellationToken.None);
        return (rep, form.Token);
    }
}
