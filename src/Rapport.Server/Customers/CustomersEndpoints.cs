using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rapport.Core.Customers;

namespace Rapport.Server.Customers;

/// <summary>REST endpoints for customers, their contacts and interactions, search and the recycle bin.</summary>
internal static class CustomersEndpoints
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers");

        customers.MapGet("/", ListCustomers).WithName("ListCustomers")
            .WithSummary("List customers: filters, sort, keyset cursor; total is counted on the first page only, capped at 10,000.");
        customers.MapPost("/", CreateCustomer).WithName("CreateCustomer")
            .WithSummary("Create a customer. 409 lists possible duplicates unless confirmDuplicate=true.");
        customers.MapPost("/bulk", (CustomerBulkInput input, CustomerService s, CancellationToken ct) => s.BulkAsync(input, ct))
            .WithName("BulkCustomers").WithSummary("Assign an owner, add or remove a tag, or delete up to 500 customers at once.");
        var customer = new VersionedRoutes<CustomerService, CustomerDto>(customers);
        customer.MapGet((s, id, ct) => s.GetAsync(id, ct)).WithName("GetCustomer").WithSummary("One customer, with its ETag.");
        customer.MapPut<CustomerInput>((s, id, input, v, ct) => s.UpdateAsync(id, input, v, ct))
            .WithName("UpdateCustomer").WithSummary("Replace a customer; If-Match guards against lost updates.");
        customer.MapDelete((s, id, v, ct) => s.DeleteAsync(id, v, ct)).WithName("DeleteCustomer").WithSummary("Move a customer to the recycle bin.");

        var bin = api.MapGroup("/recycle-bin/customers").WithTags("Recycle bin");
        bin.MapGet("/", ListDeleted).WithName("ListDeletedCustomers").WithSummary("Deleted customers, newest first (administrators).");
        bin.MapPost("/{id:guid}/restore", Restore).WithName("RestoreCustomer").WithSummary("Bring a customer back from the recycle bin.");
        bin.MapDelete("/{id:guid}", Purge).WithName("PurgeCustomer").WithSummary("Delete a recycled customer for good.");

        var contacts = customers.MapGroup("/{customerId:guid}/contacts").WithTags("Contacts");
        contacts.MapGet("/", ListContacts).WithName("ListContacts").WithSummary("Contacts of a company customer, by name.");
        var contact = new VersionedChildRoutes<ContactService, ContactDto>(contacts, "customerId");
        contact.MapCreate<ContactInput>((s, customerId, input, ct) => s.CreateAsync(customerId, input, ct), (customerId, dto) => $"/api/v1/customers/{customerId}/contacts/{dto.Id}")
            .WithName("CreateContact").WithSummary("Add a contact to a company customer.");
        contact.MapGet((s, customerId, id, ct) => s.GetAsync(customerId, id, ct)).WithName("GetContact").WithSummary("One contact.");
        contact.MapPut<ContactInput>((s, customerId, id, input, v, ct) => s.UpdateAsync(customerId, id, input, v, ct))
            .WithName("UpdateContact").WithSummary("Replace a contact.");
        contact.MapDelete((s, customerId, id, v, ct) => s.DeleteAsync(customerId, id, v, ct)).WithName("DeleteContact").WithSummary("Delete a contact.");

        var interactions = customers.MapGroup("/{customerId:guid}/interactions").WithTags("Interactions");
        interactions.MapGet("/", Timeline).WithName("CustomerTimeline").WithSummary("The customer's interactions, newest first.");
        var interaction = new VersionedChildRoutes<InteractionService, InteractionDto>(interactions, "customerId");
        interaction.MapCreate<InteractionInput>((s, customerId, input, ct) => s.CreateAsync(customerId, input, ct),
                (customerId, dto) => $"/api/v1/customers/{customerId}/interactions/{dto.Id}")
            .WithName("CreateInteraction").WithSummary("Log a call, email, meeting, note or task.");
        interaction.MapGet((s, customerId, id, ct) => s.GetAsync(customerId, id, ct)).WithName("GetInteraction").WithSummary("One interaction.");
        interaction.MapPut<InteractionInput>((s, customerId, id, input, v, ct) => s.UpdateAsync(customerId, id, input, v, ct))
            .WithName("UpdateInteraction").WithSummary("Replace an interaction (e.g. mark a task done).");
        interaction.MapDelete((s, customerId, id, v, ct) => s.DeleteAsync(customerId, id, v, ct)).WithName("DeleteInteraction").WithSummary("Delete an interaction.");

        api.MapGet("/tasks/mine", (InteractionService s, CancellationToken ct, int? limit) => s.MyOpenTasksAsync(limit, ct)).WithTags("Customers")
            .WithName("MyOpenTasks").WithTags("Interactions").WithSummary("Your open tasks with a due date, soonest first.");
        api.MapGet("/search", Search).WithName("Search").WithTags("Search")
            .WithSummary("Find customers and contacts by name, number, phone or email (Chinese text works).");
        return api;
    }

    private static Task<Page<CustomerListItem>> ListCustomers(
        CustomerService service, CancellationToken ct,
        string? q = null, string? tag = null, string? tier = null, string? stage = null, Guid? ownerId = null,
        DateTime? createdFrom = null, DateTime? createdTo = null, string? sort = null, string? cursor = null, int? limit = null)
    {
        var (by, desc) = ParseSort(sort);
        return service.ListAsync(new CustomerQuery
        {
            Q = q, Tag = tag, Tier = QueryParams.Enum<ValueTier>(tier, nameof(tier)), Stage = QueryParams.Enum<LifecycleStage>(stage, nameof(stage)),
            OwnerId = ownerId, CreatedFrom = createdFrom, CreatedTo = createdTo,
            Sort = by, Descending = desc, Cursor = cursor, Limit = limit,
        }, ct);
    }

    /// <summary>The customer list's sorts: <c>name</c>, <c>number</c>, <c>createdAt</c>, <c>updatedAt</c>.</summary>
    internal static (CustomerSort, bool) ParseSort(string? sort) => QueryParams.Sort(sort, CustomerSort.Created,
        ("name", CustomerSort.Name), ("number", CustomerSort.Number), ("createdAt", CustomerSort.Created), ("created", CustomerSort.Created),
        ("updatedAt", CustomerSort.Updated), ("updated", CustomerSort.Updated));

    private static Task<Created<CustomerDto>> CreateCustomer(
        CustomerInput input, CustomerService service, HttpResponse response, CancellationToken ct, bool confirmDuplicate = false) =>
        response.VersionedCreatedAsync(service.CreateAsync(input, confirmDuplicate, ct), dto => $"/api/v1/customers/{dto.Id}");

    private static Task<Page<DeletedCustomerItem>> ListDeleted(CustomerService service, CancellationToken ct, string? cursor = null, int? limit = null) =>
        service.ListDeletedAsync(cursor, limit, ct);

    private static async Task<Ok<CustomerDto>> Restore(Guid id, CustomerService service, HttpResponse response, CancellationToken ct) =>
        response.VersionedOk(await service.RestoreAsync(id, ct));

    private static Task<NoContent> Purge(Guid id, CustomerService service, CancellationToken ct) =>
        Answers.NoContentAfter(service.PurgeAsync(id, ct));

    private static Task<Page<ContactDto>> ListContacts(Guid customerId, ContactService service, CancellationToken ct, string? cursor = null, int? limit = null) =>
        service.ListAsync(customerId, cursor, limit, ct);

    private static Task<Page<InteractionDto>> Timeline(
        Guid customerId, InteractionService service, CancellationToken ct, string? kind = null, string? cursor = null, int? limit = null) =>
        service.TimelineAsync(customerId, QueryParams.Enum<InteractionKind>(kind, nameof(kind)), cursor, limit, ct);

    private static Task<IReadOnlyList<SearchHit>> Search([FromQuery] string? q, SearchService service, CancellationToken ct, int? limit = null) =>
        service.SearchAsync(q ?? "", limit, ct);
}
