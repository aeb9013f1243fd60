using Rapport.Core.Quality;

namespace Rapport.Server.Tests.Quality;

/// <summary>The duplicate finder and merge for contacts and leads through the API, on both databases: pairs within
/// their blocks (and none for different people), the kind filter, a contact merge moving what names the contact and
/// undo putting it back, a lead merge closing the loser and moving its activities, record scope, restricted customers
/// left out, and "not a duplicate" remembered across scans.</summary>
public abstract class ContactLeadDuplicateTests(RapportApp app)
{
    private const string Url = "/api/v1/quality/duplicates";
    private const string LeadsUrl = "/api/v1/leads";

    private static async Task ScanAsync(HttpClient client) =>
        await (await client.PostAsync($"{Url}/scan", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

    private static async Task<List<DuplicatePairItem>> PairsAsync(HttpClient client, string kind)
    {
        var all = new List<DuplicatePairItem>();
        string? cursor = null;
        do
        {
            var page = await client.GetPageAsync<DuplicatePairItem>($"{Url}?kind={kind}&limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    private static DuplicatePairItem? PairOf(List<DuplicatePairItem> pairs, Guid x, Guid y) =>
        pairs.SingleOrDefault(p => (p.A.Id == x && p.B.Id == y) || (p.A.Id == y && p.B.Id == x));

    private static Task<ContactDto> ContactAsync(HttpClient client, Guid customerId, string name, string? email = null, string? phone = null) =>
        client.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customerId}/contacts", new ContactInput
        {
            Name = name,
            Emails = [email ?? $"c{Unique()}@example.com"],
            Phones = phone is null ? [] : [phone],
        });

    private static Task<LeadDto> LeadAsync(HttpClient client, string name, string? company, string? email = null, string? city = null) =>
        client.PostCreatedAsync<LeadDto>($"{LeadsUrl}?confirmDuplicate=true", new LeadInput
        {
            Name = name, Company = company, Email = email ?? $"l{Unique()}@example.com", City = city,
        });

    private static async Task<CustomerMergeDto> MergeAsync(HttpClient client, string url, MergeInput input)
    {
        var response = await client.PostJsonAsync(url, input);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<CustomerMergeDto>();
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<T>();
    }

    private static string ContactMergeUrl(Guid customerId, Guid survivor) => $"{CustomersUrl}/{customerId}/contacts/{survivor}/merge";

    [Fact]
    public async Task Contacts_sharing_an_email_anywhere_or_a_name_within_their_customer_are_paired_and_different_people_are_not()
    {
        var admin = await app.AdminClientAsync();
        var word = "Ct" + Unique();
        var x = await admin.CreateAsync(CustomerSamples.Valid());
        var y = await admin.CreateAsync(CustomerSamples.Valid());
        var email = $"{word}@example.com";
        var wang = await ContactAsync(admin, x.Id, $"Wang {word}", email);
        var wangAgain = await ContactAsync(admin, x.Id, $"WANG {word.ToUpperInvariant()}");
        var elsewhere = await ContactAsync(admin, y.Id, $"Somebody {word}", email.ToUpperInvariant());
        var sameNameElsewhere = await ContactAsync(admin, y.Id, $"Wang {word}");
        var other = await ContactAsync(admin, x.Id, $"Li {word}");

        await ScanAsync(admin);
        var pairs = await PairsAsync(admin, "contact");

        var byName = PairOf(pairs, wang.Id, wangAgain.Id);
        Assert.NotNull(byName);
        Assert.Equal(DuplicateKind.Contact, byName.Kind);
        Assert.Contains("name", byName.Reasons);
        Assert.Equal(x.Id, byName.A.CustomerId);
        Assert.Equal(x.Name, byName.A.Detail);
        var byEmail = PairOf(pairs, wang.Id, elsewhere.Id);
        Assert.NotNull(byEmail);
        Assert.Equal(["email"], byEmail.Reasons);
        // The same name at another customer is another person; a different name and email at the same one too.
        Assert.Null(PairOf(pairs, wang.Id, sameNameElsewhere.Id));
        Assert.DoesNotContain(pairs, p => p.A.Id == other.Id || p.B.Id == other.Id);
        Assert.All(pairs, p => Assert.Equal(DuplicateKind.Contact, p.Kind));
        Assert.DoesNotContain(await PairsAsync(admin, "customer"), p => p.Id == byName.Id);
        // Across customers the pair is shown but not merged: the customers are merged first.
        await (await admin.PostJsonAsync(ContactMergeUrl(x.Id, wang.Id), new MergeInput(elsewhere.Id)))
            .ShouldRejectAsync("loserId", "Quality.MergeOtherCustomer");
    }

    [Fact]
    public async Task Contacts_sharing_only_a_second_email_or_phone_are_paired()
    {
        var admin = await app.AdminClientAsync();
        var word = "Sc" + Unique();
        var x = await admin.CreateAsync(CustomerSamples.Valid());
        var y = await admin.CreateAsync(CustomerSamples.Valid());
        var email = $"{word}@example.com";
        var phone = CustomerSamples.ChinaMobile();
        Task<ContactDto> PersonAsync(Guid customer, string name, List<string> emails, List<string>? phones = null) =>
            admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer}/contacts", new ContactInput { Name = $"{name} {word}", Emails = emails, Phones = phones ?? [] });
        var secondHere = await PersonAsync(x.Id, "Wu", [$"wu{Unique()}@example.com", email]);
        var secondThere = await PersonAsync(y.Id, "Zheng", [$"zheng{Unique()}@example.com", email.ToUpperInvariant()]);
        var firstThere = await PersonAsync(y.Id, "Feng", [email]);
        var phoneSecond = await PersonAsync(x.Id, "Chu", [$"chu{Unique()}@example.com"], [CustomerSamples.ChinaMobile(), phone]);
        var phoneFirst = await PersonAsync(y.Id, "Wei", [$"wei{Unique()}@example.com"], [phone]);
        var stranger = await PersonAsync(x.Id, "Jiang", [$"jiang{Unique()}@example.com", $"jiang2{Unique()}@example.com"], [CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile()]);

        await ScanAsync(admin);
        var pairs = await PairsAsync(admin, "contact");

        // Second address against second address, and second against first, either way round.
        Assert.Equal(["email"], PairOf(pairs, secondHere.Id, secondThere.Id)?.Reasons);
        Assert.Equal(["email"], PairOf(pairs, secondHere.Id, firstThere.Id)?.Reasons);
        Assert.Equal(["email"], PairOf(pairs, secondThere.Id, firstThere.Id)?.Reasons);
        Assert.Equal(["phone"], PairOf(pairs, phoneSecond.Id, phoneFirst.Id)?.Reasons);
        Assert.DoesNotContain(pairs, p => p.A.Id == stranger.Id || p.B.Id == stranger.Id);
        Assert.Null(PairOf(pairs, secondHere.Id, phoneSecond.Id));
    }

    [Fact]
    public async Task Leads_sharing_an_email_or_company_and_name_are_paired_and_two_people_at_one_company_are_not()
    {
        var admin = await app.AdminClientAsync();
        var word = "Ld" + Unique();
        var email = $"{word}@example.com";
        var zhang = await LeadAsync(admin, "Zhang Wei", $"{word} Trading Co., Ltd.", email);
        var zhangAgain = await LeadAsync(admin, "zhang  wei", $"{word.ToUpperInvariant()} TRADING");
        var sameEmail = await LeadAsync(admin, "Wei Z.", $"Other {word}", email);
        var colleague = await LeadAsync(admin, "Li Na", $"{word} Trading");
        var chinese = await LeadAsync(admin, "王芳", $"星辰{word}科技有限公司");
        var chineseAgain = await LeadAsync(admin, "王芳", $"星辰{word}科技");

        await ScanAsync(admin);
        var pairs = await PairsAsync(admin, "lead");

        var byName = PairOf(pairs, zhang.Id, zhangAgain.Id);
        Assert.NotNull(byName);
        Assert.Equal(["companyAndName"], byName.Reasons);
        Assert.Equal(zhang.Company, (byName.A.Id == zhang.Id ? byName.A : byName.B).Detail);
        var byEmail = PairOf(pairs, zhang.Id, sameEmail.Id);
        Assert.NotNull(byEmail);
        Assert.Contains("email", byEmail.Reasons);
        Assert.NotNull(PairOf(pairs, chinese.Id, chineseAgain.Id));
        Assert.Null(PairOf(pairs, zhang.Id, colleague.Id));
        Assert.Null(PairOf(pairs, zhangAgain.Id, colleague.Id));
        Assert.All(pairs, p => Assert.Equal(DuplicateKind.Lead, p.Kind));
    }

    [Fact]
    public async Task Merging_contacts_moves_their_interactions_deals_and_cases_and_undo_puts_each_back()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var survivor = await ContactAsync(admin, customer.Id, "Chen " + Unique());
        var loser = await admin.PostCreatedAsync<ContactDto>($"{CustomersUrl}/{customer.Id}/contacts", new ContactInput
        {
            Name = "Chen " + Unique(), Title = "CFO", Emails = [$"cfo{Unique()}@example.com"], Phones = [CustomerSamples.ChinaMobile()],
        });
        var call = await admin.PostCreatedAsync<InteractionDto>($"{CustomersUrl}/{customer.Id}/interactions",
            new InteractionInput { Kind = InteractionKind.Call, Subject = "Called " + Unique(), ContactId = loser.Id });
        var deal = await admin.PostCreatedAsync<OpportunityDto>("/api/v1/opportunities",
            new OpportunityInput { Name = "Deal " + Unique(), CustomerId = customer.Id, ContactId = loser.Id });
        var @case = await admin.PostCreatedAsync<CaseDto>("/api/v1/cases", new CaseInput(customer.Id, "Broken " + Unique(), ContactId: loser.Id));
        string CallUrl() => $"{CustomersUrl}/{customer.Id}/interactions/{call.Id}";

        var merge = await MergeAsync(admin, ContactMergeUrl(customer.Id, survivor.Id), new MergeInput(loser.Id, loser.Version, ["title"]));

        Assert.Equal(DuplicateKind.Contact, merge.Kind);
        Assert.Contains("Interaction", merge.Moved.Keys);
        Assert.Contains("Opportunity", merge.Moved.Keys);
        Assert.Contains("Case", merge.Moved.Keys);
        await (await admin.GetAsync($"{CustomersUrl}/{customer.Id}/contacts/{loser.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
        var merged = await GetAsync<ContactDto>(admin, $"{CustomersUrl}/{customer.Id}/contacts/{survivor.Id}");
        Assert.Equal(survivor.Name, merged.Name);
        Assert.Equal("CFO", merged.Title);
        Assert.Equivalent(survivor.Emails.Concat(loser.Emails), merged.Emails);
        Assert.Equivalent(loser.Phones, merged.Phones);
        Assert.True(merged.Version > survivor.Version);
        Assert.Equal(survivor.Id, (await GetAsync<InteractionDto>(admin, CallUrl())).ContactId);
        Assert.Equal(survivor.Id, (await GetAsync<OpportunityDto>(admin, $"/api/v1/opportunities/{deal.Id}")).ContactId);
        Assert.Equal(survivor.Id, (await GetAsync<CaseDto>(admin, $"/api/v1/cases/{@case.Id}")).ContactId);

        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var restored = await GetAsync<ContactDto>(admin, $"{CustomersUrl}/{customer.Id}/contacts/{loser.Id}");
        Assert.Equal(loser.Name, restored.Name);
        Assert.Equal(loser.Emails, restored.Emails);
        Assert.Equal(loser.Phones, restored.Phones);
        var back = await GetAsync<ContactDto>(admin, $"{CustomersUrl}/{customer.Id}/contacts/{survivor.Id}");
        Assert.Null(back.Title);
        Assert.Equal(survivor.Emails, back.Emails);
        Assert.Empty(back.Phones);
        Assert.Equal(loser.Id, (await GetAsync<InteractionDto>(admin, CallUrl())).ContactId);
        Assert.Equal(loser.Id, (await GetAsync<OpportunityDto>(admin, $"/api/v1/opportunities/{deal.Id}")).ContactId);
        Assert.Equal(loser.Id, (await GetAsync<CaseDto>(admin, $"/api/v1/cases/{@case.Id}")).ContactId);
        Assert.NotNull((await GetAsync<CustomerMergeDto>(admin, $"/api/v1/quality/merges/{merge.Id}")).UndoneAt);
        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldRejectAsync("merge", "Quality.MergeUndone");
    }

    [Fact]
    public async Task Merging_leads_moves_the_activities_and_closes_the_loser_and_undo_reopens_it()
    {
        var admin = await app.AdminClientAsync();
        var word = "Lm" + Unique();
        var survivor = await LeadAsync(admin, "Zhou Min", $"{word} Ltd");
        var loser = await LeadAsync(admin, "Zhou Min", $"{word}", city: "Hangzhou");
        var subject = "Intro call " + Unique();
        await (await admin.PostJsonAsync($"{LeadsUrl}/{loser.Id}/activities", new LeadActivityInput { Kind = InteractionKind.Call, Subject = subject }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var contacted = await GetAsync<LeadDto>(admin, $"{LeadsUrl}/{loser.Id}");
        await ScanAsync(admin);
        Assert.NotNull(PairOf(await PairsAsync(admin, "lead"), survivor.Id, loser.Id));

        var merge = await MergeAsync(admin, $"{LeadsUrl}/{survivor.Id}/merge", new MergeInput(loser.Id, contacted.Version, ["city"]));

        Assert.Equal(DuplicateKind.Lead, merge.Kind);
        var closed = await GetAsync<LeadDto>(admin, $"{LeadsUrl}/{loser.Id}");
        Assert.Equal(LeadStatus.Disqualified, closed.Status);
        Assert.Contains(survivor.Name, closed.DisqualifyReason, StringComparison.Ordinal);
        var kept = await GetAsync<LeadDto>(admin, $"{LeadsUrl}/{survivor.Id}");
        Assert.Equal("Hangzhou", kept.City);
        Assert.Equal(survivor.Company, kept.Company);
        Assert.Equal(1, kept.ActivityCount);
        Assert.Contains(subject, (await admin.GetPageAsync<LeadActivityDto>($"{LeadsUrl}/{survivor.Id}/activities")).Items.Select(a => a.Subject));
        Assert.Empty((await admin.GetPageAsync<LeadActivityDto>($"{LeadsUrl}/{loser.Id}/activities")).Items);
        Assert.Null(PairOf(await PairsAsync(admin, "lead"), survivor.Id, loser.Id));
        // A closed lead is no longer a candidate, and only open leads are merged.
        await (await admin.PostJsonAsync($"{LeadsUrl}/{survivor.Id}/merge", new MergeInput(loser.Id))).ShouldRejectAsync("status", "Validation.LeadNotOpen");

        await (await admin.PostAsync($"/api/v1/quality/merges/{merge.Id}/undo", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);

        var reopened = await GetAsync<LeadDto>(admin, $"{LeadsUrl}/{loser.Id}");
        Assert.Equal(contacted.Status, reopened.Status);
        Assert.Null(reopened.DisqualifyReason);
        Assert.Equal(1, reopened.ActivityCount);
        Assert.Contains(subject, (await admin.GetPageAsync<LeadActivityDto>($"{LeadsUrl}/{loser.Id}/activities")).Items.Select(a => a.Subject));
        var before = await GetAsync<LeadDto>(admin, $"{LeadsUrl}/{survivor.Id}");
        Assert.Equal(survivor.City, before.City);
        Assert.Equal(0, before.ActivityCount);
        Assert.NotNull(PairOf(await PairsAsync(admin, "lead"), survivor.Id, loser.Id));
    }

    [Fact]
    public async Task A_manager_sees_only_contact_pairs_of_their_own_customers_and_cannot_dismiss_or_merge_others()
    {
        var admin = await app.AdminClientAsync();
        var (manager, _) = await app.NewUserAsync(Roles.SalesManager);
        var word = "Cs" + Unique();
        var mine = await manager.CreateAsync(CustomerSamples.Valid());
        var theirs = await admin.CreateAsync(CustomerSamples.Valid());
        var email = $"{word}@example.com";
        var mine1 = await ContactAsync(manager, mine.Id, $"Zhao {word}", email);
        var mine2 = await ContactAsync(manager, mine.Id, $"zhao {word}");
        var theirs1 = await ContactAsync(admin, theirs.Id, $"Qian {word}", email);
        var theirs2 = await ContactAsync(admin, theirs.Id, $"Qian {word}");
        await ScanAsync(admin);
        var all = await PairsAsync(admin, "contact");
        var across = PairOf(all, mine1.Id, theirs1.Id);
        var hidden = PairOf(all, theirs1.Id, theirs2.Id);
        Assert.NotNull(across);
        Assert.NotNull(hidden);

        var seen = await PairsAsync(manager, "contact");

        Assert.NotNull(PairOf(seen, mine1.Id, mine2.Id));
        Assert.DoesNotContain(seen, p => p.A.Id == theirs1.Id || p.B.Id == theirs1.Id || p.A.Id == theirs2.Id || p.B.Id == theirs2.Id);
        Assert.DoesNotContain((await manager.GetPageAsync<DuplicatePairItem>($"{Url}?limit=200")).Items, p => p.Id == hidden.Id || p.Id == across.Id);
        await (await manager.PostAsync($"{Url}/{hidden.Id}/dismiss", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await manager.PostAsync($"{Url}/{across.Id}/dismiss", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await manager.PostJsonAsync(ContactMergeUrl(theirs.Id, theirs1.Id), new MergeInput(theirs2.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await manager.PostJsonAsync(ContactMergeUrl(mine.Id, mine1.Id), new MergeInput(theirs1.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await GetAsync<ContactDto>(admin, $"{CustomersUrl}/{theirs.Id}/contacts/{theirs2.Id}");
    }

    [Fact]
    public async Task Dismissed_contact_and_lead_pairs_stay_dismissed_after_the_next_scan()
    {
        var admin = await app.AdminClientAsync();
        var word = "Dd" + Unique();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var c1 = await ContactAsync(admin, customer.Id, $"Sun {word}");
        var c2 = await ContactAsync(admin, customer.Id, $"Sun {word}");
        var l1 = await LeadAsync(admin, "Sun Li", $"{word} GmbH");
        var l2 = await LeadAsync(admin, "Sun Li", $"{word} AG");
        await ScanAsync(admin);
        var contactPair = PairOf(await PairsAsync(admin, "contact"), c1.Id, c2.Id);
        var leadPair = PairOf(await PairsAsync(admin, "lead"), l1.Id, l2.Id);
        Assert.NotNull(contactPair);
        Assert.NotNull(leadPair);

        await (await admin.PostAsync($"{Url}/{contactPair.Id}/dismiss", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.PostAsync($"{Url}/{leadPair.Id}/dismiss", null, Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await ScanAsync(admin);

        Assert.Null(PairOf(await PairsAsync(admin, "contact"), c1.Id, c2.Id));
        Assert.Null(PairOf(await PairsAsync(admin, "lead"), l1.Id, l2.Id));
    }

    [Fact]
    public async Task Contacts_of_a_customer_whose_processing_is_restricted_are_left_out()
    {
        var admin = await app.AdminClientAsync();
        var word = "Rs" + Unique();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var c1 = await ContactAsync(admin, customer.Id, $"Zhou {word}");
        var c2 = await ContactAsync(admin, customer.Id, $"Zhou {word}");
        await ScanAsync(admin);
        Assert.NotNull(PairOf(await PairsAsync(admin, "contact"), c1.Id, c2.Id));

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RapportDbContext>().Customers.IgnoreQueryFilters().Where(c => c.Id == customer.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProcessingRestricted, true), Ct);
        await ScanAsync(admin);

        Assert.Null(PairOf(await PairsAsync(admin, "contact"), c1.Id, c2.Id));
    }

    [Fact]
    public async Task An_unknown_kind_is_a_400()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.GetAsync($"{Url}?kind=deal", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class ContactLeadDuplicatesOnSqlite(SqliteApp app) : ContactLeadDuplicateTests(app), IClassFixture<SqliteApp>;

public sealed class ContactLeadDuplicatesOnPostgres(PostgresApp app) : ContactLeadDuplicateTests(app), IClassFixture<PostgresApp>;
