namespace Rapport.Server.Tests.Customers;

/// <summary>Contacts at company customers and the interaction timeline.</summary>
public abstract class ContactsAndInteractionsTests(RapportApp app)
{
    private static string ContactsOf(Guid customerId) => $"{CustomersUrl}/{customerId}/contacts";

    private static string InteractionsOf(Guid customerId) => $"{CustomersUrl}/{customerId}/interactions";

    [Fact]
    public async Task Contacts_are_added_to_a_company_and_listed_by_name()
    {
        var client = await app.AdminClientAsync();
        var company = await client.CreateAsync(CustomerSamples.Valid(name: "Contacts Holding"));
        var mobile = CustomerSamples.ChinaMobile();

        var zhang = await client.PostJsonAsync(ContactsOf(company.Id), new ContactInput
        {
            Name = "Zhang Wei", Title = "CTO", Phones = [$"{mobile[..3]} {mobile[3..]}"], Emails = ["Zhang.Wei@Example.com"], IsPrimary = true,
        });
        var adams = await client.PostJsonAsync(ContactsOf(company.Id), new ContactInput { Name = "Adams Lee", Department = "Purchasing" });

        await zhang.ShouldBeAsync(HttpStatusCode.Created);
        await adams.ShouldBeAsync(HttpStatusCode.Created);
        var zhangDto = await zhang.ReadAsync<ContactDto>();
        Assert.Equal($"{ContactsOf(company.Id)}/{zhangDto.Id}", zhang.Headers.Location?.OriginalString);
        Assert.Equal($"\"{zhangDto.Version}\"", zhang.Headers.ETag?.Tag);
        Assert.Equal(["+86" + mobile], zhangDto.Phones);
        Assert.Equal(["zhang.wei@example.com"], zhangDto.Emails);
        Assert.True(zhangDto.IsPrimary);
        var list = await client.GetPageAsync<ContactDto>(ContactsOf(company.Id));
        Assert.Equal(["Adams Lee", "Zhang Wei"], list.Items.Select(c => c.Name));
        Assert.All(list.Items, c => Assert.Equal(company.Id, c.CustomerId));
        var one = await client.GetAsync($"{ContactsOf(company.Id)}/{zhangDto.Id}", Ct);
        await one.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("CTO", (await one.ReadAsync<ContactDto>()).Title);
    }

    [Fact]
    public async Task Contact_list_pages_with_a_cursor()
    {
        var client = await app.AdminClientAsync();
        var company = await client.CreateAsync(CustomerSamples.Valid());
        for (var i = 0; i < 5; i++)
            await (await client.PostJsonAsync(ContactsOf(company.Id), new ContactInput { Name = $"Person {i}" })).ShouldBeAsync(HttpStatusCode.Created);

        var first = await client.GetPageAsync<ContactDto>($"{ContactsOf(company.Id)}?limit=2");
        var second = await client.GetPageAsync<ContactDto>($"{ContactsOf(company.Id)}?limit=2&cursor={first.NextCursor}");
        var third = await client.GetPageAsync<ContactDto>($"{ContactsOf(company.Id)}?limit=2&cursor={second.NextCursor}");

        Assert.Equal(["Person 0", "Person 1", "Person 2", "Person 3", "Person 4"],
            first.Items.Concat(second.Items).Concat(third.Items).Select(c => c.Name));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task Individual_customers_cannot_have_contacts()
    {
        var client = await app.AdminClientAsync();
        var person = await client.CreateAsync(CustomerSamples.Valid(name: "Li Na") with { Kind = CustomerKind.Individual });

        var response = await client.PostJsonAsync(ContactsOf(person.Id), new ContactInput { Name = "Her assistant" });

        await response.ShouldRejectAsync("customerId", "Validation.ContactNeedsCompany");
        Assert.Empty((await client.GetPageAsync<ContactDto>(ContactsOf(person.Id))).Items);
    }

    [Fact]
    public async Task Invalid_contact_answers_400_per_field()
    {
        var client = await app.AdminClientAsync();
        var company = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.PostJsonAsync(ContactsOf(company.Id), new ContactInput { Name = " ", Phones = ["12"], Emails = ["nope"] });

        var problem = await response.ShouldRejectAsync("name", "Validation.Required");
        Assert.Equal(["Validation.Phone"], problem.Codes("phones[0]"));
        Assert.Equal(["Validation.Email"], problem.Codes("emails[0]"));
        Assert.Empty((await client.GetPageAsync<ContactDto>(ContactsOf(company.Id))).Items);
    }

    [Fact]
    public async Task Contact_is_updated_with_If_Match_and_deleted()
    {
        var client = await app.AdminClientAsync();
        var company = await client.CreateAsync(CustomerSamples.Valid());
        var created = await client.PostJsonAsync(ContactsOf(company.Id), new ContactInput { Name = "Old Name" });
        var contact = await created.ReadAsync<ContactDto>();
        var etag = created.Headers.ETag!.Tag;
        var url = $"{ContactsOf(company.Id)}/{contact.Id}";

        var update = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonContent.Create(new ContactInput { Name = "New Name" }, options: Json.Options),
        }.WithIfMatch(etag), Ct);
        var stale = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonContent.Create(new ContactInput { Name = "Lost Update" }, options: Json.Options),
        }.WithIfMatch(etag), Ct);
        var delete = await client.DeleteAsync(url, Ct);

        await update.ShouldBeAsync(HttpStatusCode.OK);
        var updated = await update.ReadAsync<ContactDto>();
        Assert.Equal("New Name", updated.Name);
        Assert.Equal(contact.Version + 1, updated.Version);
        Assert.Equal($"\"{updated.Version}\"", update.Headers.ETag?.Tag);
        var problem = await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(updated.Version, (long?)problem["currentVersion"]);
        await delete.ShouldBeAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync(url, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Contact_is_reachable_only_under_its_own_customer()
    {
        var client = await app.AdminClientAsync();
        var owner = await client.CreateAsync(CustomerSamples.Valid());
        var stranger = await client.CreateAsync(CustomerSamples.Valid());
        var contact = await (await client.PostJsonAsync(ContactsOf(owner.Id), new ContactInput { Name = "Mine" })).ReadAsync<ContactDto>();

        var get = await client.GetAsync($"{ContactsOf(stranger.Id)}/{contact.Id}", Ct);
        var put = await client.PutJsonAsync($"{ContactsOf(stranger.Id)}/{contact.Id}", new ContactInput { Name = "Stolen" });
        var delete = await client.DeleteAsync($"{ContactsOf(stranger.Id)}/{contact.Id}", Ct);

        await get.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await put.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await delete.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Mine", Assert.Single((await client.GetPageAsync<ContactDto>(ContactsOf(owner.Id))).Items).Name);
    }

    [Fact]
    public async Task Timeline_lists_interactions_newest_first_across_pages()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());
        var start = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        // Logged out of order, the first with a +08:00 offset, two at the same instant.
        var offsets = new[] { 3, 0, 5, 1, 4, 2, 2 };
        var logged = new List<InteractionDto>();
        foreach (var (days, i) in offsets.Select((d, i) => (d, i)))
        {
            var input = new InteractionInput
            {
                Kind = i % 2 == 0 ? InteractionKind.Call : InteractionKind.Meeting,
                Direction = Direction.Outbound,
                Subject = $"Day {days} #{i}",
                OccurredAt = start.AddDays(days),
                Participants = ["Zhang Wei"],
            };
            var response = i == 0
                ? await client.PostAsync(InteractionsOf(customer.Id), new StringContent(
                    $$"""{"kind":"call","subject":"Day {{days}} #0","occurredAt":"{{start.AddDays(days).AddHours(8):yyyy-MM-ddTHH:mm:ss}}+08:00"}""",
                    System.Text.Encoding.UTF8, "application/json"), Ct)
                : await client.PostJsonAsync(InteractionsOf(customer.Id), input);
            await response.ShouldBeAsync(HttpStatusCode.Created);
            logged.Add(await response.ReadAsync<InteractionDto>());
        }

        var timeline = new List<InteractionDto>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetPageAsync<InteractionDto>($"{InteractionsOf(customer.Id)}?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            timeline.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(logged.Select(i => i.Id).Order(), timeline.Select(i => i.Id).Order());
        Assert.Equal(offsets.OrderDescending().Select(d => start.AddDays(d)), timeline.Select(i => i.OccurredAt.ToUniversalTime()));
        Assert.Equal(start.AddDays(3), logged[0].OccurredAt.ToUniversalTime());
        var calls = await client.GetPageAsync<InteractionDto>($"{InteractionsOf(customer.Id)}?kind=call");
        Assert.Equal(4, calls.Items.Count);
        Assert.All(calls.Items, i => Assert.Equal(InteractionKind.Call, i.Kind));
    }

    [Fact]
    public async Task Task_is_marked_done_by_update()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());
        var input = new InteractionInput
        {
            Kind = InteractionKind.Task, Subject = "Send the quote", DueAt = DateTime.UtcNow.AddDays(2), FollowUpOn = new DateOnly(2026, 6, 1),
        };
        var created = await client.PostJsonAsync(InteractionsOf(customer.Id), input);
        var task = await created.ReadAsync<InteractionDto>();
        Assert.False(task.Done);
        var stored = await (await client.GetAsync($"{InteractionsOf(customer.Id)}/{task.Id}", Ct)).ReadAsync<InteractionDto>();

        var update = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{InteractionsOf(customer.Id)}/{task.Id}")
        {
            Content = JsonContent.Create(input with { Done = true, Outcome = "Quote sent" }, options: Json.Options),
        }.WithIfMatch(created.Headers.ETag!.Tag), Ct);

        await update.ShouldBeAsync(HttpStatusCode.OK);
        var done = await update.ReadAsync<InteractionDto>();
        Assert.True(done.Done);
        Assert.Equal("Quote sent", done.Outcome);
        Assert.Equal(task.Version + 1, done.Version);
        Assert.Equal(new DateOnly(2026, 6, 1), done.FollowUpOn);
        var reread = await (await client.GetAsync($"{InteractionsOf(customer.Id)}/{task.Id}", Ct)).ReadAsync<InteractionDto>();
        Assert.True(reread.Done);
        Assert.Equal(stored.OccurredAt, reread.OccurredAt); // not moved to "now" by the update
    }

    [Fact]
    public async Task Interaction_with_a_contact_of_another_customer_answers_400()
    {
        var client = await app.AdminClientAsync();
        var mine = await client.CreateAsync(CustomerSamples.Valid());
        var theirs = await client.CreateAsync(CustomerSamples.Valid());
        var theirContact = await (await client.PostJsonAsync(ContactsOf(theirs.Id), new ContactInput { Name = "Not yours" })).ReadAsync<ContactDto>();

        var response = await client.PostJsonAsync(InteractionsOf(mine.Id), new InteractionInput { Subject = "Call", ContactId = theirContact.Id });

        await response.ShouldRejectAsync("contactId", "Validation.UnknownContact");
        Assert.Empty((await client.GetPageAsync<InteractionDto>(InteractionsOf(mine.Id))).Items);
    }

    [Fact]
    public async Task Interaction_with_own_contact_is_logged()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());
        var contact = await (await client.PostJsonAsync(ContactsOf(customer.Id), new ContactInput { Name = "Mine" })).ReadAsync<ContactDto>();

        var response = await client.PostJsonAsync(InteractionsOf(customer.Id), new InteractionInput { Kind = InteractionKind.Email, Subject = "Hello", ContactId = contact.Id });

        await response.ShouldBeAsync(HttpStatusCode.Created);
        Assert.Equal(contact.Id, (await response.ReadAsync<InteractionDto>()).ContactId);
    }

    [Fact]
    public async Task Interaction_without_subject_answers_400()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.PostJsonAsync(InteractionsOf(customer.Id), new InteractionInput { Kind = InteractionKind.Note, Subject = "  " });

        await response.ShouldRejectAsync("subject", "Validation.Required");
    }

    [Fact]
    public async Task Deleting_a_contact_keeps_its_interactions()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());
        var contact = await (await client.PostJsonAsync(ContactsOf(customer.Id), new ContactInput { Name = "Leaving" })).ReadAsync<ContactDto>();
        var logged = await (await client.PostJsonAsync(InteractionsOf(customer.Id), new InteractionInput { Subject = "Farewell", ContactId = contact.Id })).ReadAsync<InteractionDto>();

        await (await client.DeleteAsync($"{ContactsOf(customer.Id)}/{contact.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);

        var kept = await (await client.GetAsync($"{InteractionsOf(customer.Id)}/{logged.Id}", Ct)).ReadAsync<InteractionDto>();
        Assert.Null(kept.ContactId);
        Assert.Equal("Farewell", kept.Subject);
    }

    [Fact]
    public async Task Interaction_is_deleted()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());
        var logged = await (await client.PostJsonAsync(InteractionsOf(customer.Id), new InteractionInput { Subject = "Oops" })).ReadAsync<InteractionDto>();

        var delete = await client.DeleteAsync($"{InteractionsOf(customer.Id)}/{logged.Id}", Ct);

        await delete.ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.Empty((await client.GetPageAsync<InteractionDto>(InteractionsOf(customer.Id))).Items);
    }
}

public sealed class ContactsAndInteractionsOnSqlite(SqliteApp app) : ContactsAndInteractionsTests(app), IClassFixture<SqliteApp>;

public sealed class ContactsAndInteractionsOnPostgres(PostgresApp app) : ContactsAndInteractionsTests(app), IClassFixture<PostgresApp>;
