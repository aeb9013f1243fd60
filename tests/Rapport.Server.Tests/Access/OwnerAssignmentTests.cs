namespace Rapport.Server.Tests.Access;

/// <summary>Every create and update that takes an owner: naming someone other than yourself (or than the current
/// owner) needs the module's assign permission, which a Sales Representative does not have and a Sales Manager does.</summary>
public abstract class OwnerAssignmentTests(RapportApp app)
{
    private static LeadInput Lead(Guid? owner) => new()
    {
        Name = "Owner Test " + Unique(), Company = "Owner Co " + Unique(), Email = $"o{Unique()}@example.com", OwnerId = owner,
    };

    private static ContractInput Contract(Guid customerId, Guid? owner) =>
        new(customerId, "Support " + Unique(), 1_000m, null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), OwnerId: owner);

    [Fact]
    public async Task A_sales_rep_cannot_hand_a_new_or_own_customer_to_someone_else()
    {
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, otherId) = await app.NewUserAsync(Roles.SalesRepresentative);

        await (await rep.PostJsonAsync(CustomersUrl, CustomerSamples.Valid() with { OwnerId = otherId })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var mine = await rep.CreateAsync(CustomerSamples.Valid() with { OwnerId = repId });
        await (await rep.PutJsonAsync($"{CustomersUrl}/{mine.Id}", CustomerSamples.Valid() with { OwnerId = otherId }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(repId, (await rep.GetCustomerAsync(mine.Id)).OwnerId);
    }

    [Fact]
    public async Task A_sales_rep_cannot_hand_a_new_or_own_lead_to_someone_else()
    {
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, otherId) = await app.NewUserAsync(Roles.SalesRepresentative);

        await (await rep.PostJsonAsync("/api/v1/leads?confirmDuplicate=true", Lead(otherId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var mine = await rep.PostCreatedAsync<LeadDto>("/api/v1/leads?confirmDuplicate=true", Lead(repId));
        await (await rep.PutJsonAsync($"/api/v1/leads/{mine.Id}?confirmDuplicate=true", Lead(otherId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_sales_rep_cannot_hand_a_new_or_own_deal_to_someone_else()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (_, otherId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = repId });

        await (await rep.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, OwnerId = otherId }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var mine = await rep.PostCreatedAsync<OpportunityDto>("/api/v1/opportunities", new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, OwnerId = repId });
        await (await rep.PutJsonAsync($"/api/v1/opportunities/{mine.Id}", new OpportunityInput { Name = mine.Name, CustomerId = customer.Id, OwnerId = otherId }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_sales_rep_cannot_hand_a_new_or_own_contract_to_someone_else_but_a_manager_can()
    {
        var admin = await app.AdminClientAsync();
        var (rep, repId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var (manager, managerId) = await app.NewUserAsync(Roles.SalesManager);
        var (_, otherId) = await app.NewUserAsync(Roles.SalesRepresentative);
        var customer = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = repId });

        await (await rep.PostJsonAsync("/api/v1/contracts", Contract(customer.Id, otherId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var mine = await rep.PostCreatedAsync<ContractDto>("/api/v1/contracts", Contract(customer.Id, repId));
        await (await rep.PutJsonAsync($"/api/v1/contracts/{mine.Id}", Contract(customer.Id, otherId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var managersCustomer = await admin.CreateAsync(CustomerSamples.Valid() with { OwnerId = managerId });
        var handed = await manager.PostJsonAsync("/api/v1/contracts", Contract(managersCustomer.Id, otherId));
        await handed.ShouldBeAsync(HttpStatusCode.Created);

        Assert.Equal(repId, (await (await admin.GetAsync($"/api/v1/contracts/{mine.Id}", Ct)).ReadAsync<ContractDto>()).OwnerId);
        Assert.Equal(otherId, (await handed.ReadAsync<ContractDto>()).OwnerId);
    }
}

public sealed class OwnerAssignmentOnSqlite(SqliteApp app) : OwnerAssignmentTests(app), IClassFixture<SqliteApp>;

public sealed class OwnerAssignmentOnPostgres(PostgresApp app) : OwnerAssignmentTests(app), IClassFixture<PostgresApp>;
