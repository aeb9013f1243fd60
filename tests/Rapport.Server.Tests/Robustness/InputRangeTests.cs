namespace Rapport.Server.Tests.Robustness;

/// <summary>Inputs the attack run of issue 11 turned into 500s: a NUL or a lone surrogate in text, money past
/// <see cref="long"/>, dates at the ends of the calendar. Each answers a localized 400 naming the field and writes nothing.</summary>
public abstract class InputRangeTests(RapportApp app)
{
    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpClient Admin, Guid Deal, Guid Order, Guid Invoice)> SoldAsync()
    {
        var admin = await app.AdminClientAsync();
        var customer = await admin.CreateAsync(CustomerSamples.Valid());
        var deal = await (await admin.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "Range deal", CustomerId = customer.Id })).ReadAsync<OpportunityDto>();
        var quote = await (await admin.PostJsonAsync($"/api/v1/opportunities/{deal.Id}/quotes",
            new QuoteInput(null, null, [new QuoteLineInput(null, "Consulting day", 2, 800m)]))).ReadAsync<QuoteDto>();
        await (await admin.PostAsync($"/api/v1/quotes/{quote.Id}/send", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var accepted = await (await admin.PostJsonAsync($"/api/v1/quotes/{quote.Id}/accept", new QuoteAcceptInput())).ReadAsync<QuoteDto>();
        var invoice = await (await admin.PostJsonAsync($"/api/v1/orders/{accepted.OrderId}/invoices", new InvoiceInput(Amount: 100))).ReadAsync<InvoiceDto>();
        return (admin, deal.Id, accepted.OrderId!.Value, invoice.Id);
    }

    [Theory]
    [InlineData("Acme\\u0000 Ltd")]
    [InlineData("Acme\\u0007 Ltd")]
    [InlineData("Acme \\ud800 Ltd")]
    public async Task Control_character_or_lone_surrogate_in_a_body_is_a_field_error(string name)
    {
        var client = await app.AdminClientAsync();
        var before = await client.CountCustomersAsync();
        var json = $$"""{"name":"{{name}}","kind":"company","phones":["+1 650 253 7777"],"addresses":[{"country":"China","city":"Shanghai"}]}""";

        var response = await client.PostAsync(CustomersUrl, Raw(json), Ct);

        await response.ShouldRejectAsync("name", SafeText.ErrorCode);
        Assert.Equal(before, await client.CountCustomersAsync());
    }

    [Fact]
    public async Task Control_character_in_a_nested_field_names_its_path_in_chinese_too()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{CustomersUrl}/{customer.Id}/contacts")
        {
            Content = Raw("""{"name":"Li Lei","phones":["139\u0000"]}"""),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var problem = await (await client.SendAsync(request, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([SafeText.ErrorCode], problem.Codes("phones[0]"));
        Assert.Contains("控制字符", problem.Messages("phones[0]").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/customers?q=a%00b")]
    [InlineData("/api/v1/search?q=%00")]
    [InlineData("/api/v1/leads?q=x%01")]
    [InlineData("/api/v1/customers?tag=%1F")]
    public async Task Control_character_in_the_query_string_is_a_field_error(string url)
    {
        var client = await app.AdminClientAsync();

        var problem = await (await client.GetAsync(url, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var field = url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..url.IndexOf('=', StringComparison.Ordinal)];
        Assert.Equal([SafeText.ErrorCode], problem.Codes(field));
    }

    [Fact]
    public void Fts_phrase_carries_no_control_characters()
    {
        var phrase = SearchIndex.FtsPhrase("a\0b\u0001\"c");

        Assert.Equal("\"a b \"\"c\"", phrase);
    }

    [Fact]
    public async Task Text_from_the_web_ui_gets_the_same_rule_in_the_services()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var products = scope.ServiceProvider.GetRequiredService<ProductService>();

        var e = await Assert.ThrowsAsync<RapportValidationException>(() => products.CreateAsync(new ProductInput("SKU\0X", "Widget", Unit: "p\u0001c"), Ct));

        Assert.Contains(e.Errors, x => x is { Field: "sku", Code: SafeText.ErrorCode });
        Assert.Contains(e.Errors, x => x is { Field: "unit", Code: SafeText.ErrorCode });
    }


    [Fact]
    public void Customer_list_filter_to_the_last_day_of_the_calendar_does_not_overflow()
    {
        var query = Rapport.Server.Customers.CustomerFilter.Parse("?createdTo=9999-12-31").ToQuery(null, 50, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));

        Assert.Equal(DateTime.MaxValue.Date, query.CreatedTo!.Value.Date);
    }

    [Fact]
    public async Task Csv_import_with_a_nul_is_refused()
    {
        var client = await app.AdminClientAsync();

        var response = await client.PostAsync("/api/v1/users/import", new StringContent("userName,displayName\nnul-user,Bad\0Name\n", Encoding.UTF8, "text/csv"), Ct);

        await response.ShouldRejectAsync("rows[0]", SafeText.ErrorCode);
    }

    [Theory]
    [InlineData("""{"issuedOn":"9999-12-31"}""", "issuedOn")]
    [InlineData("""{"issuedOn":"2199-12-31","dueInDays":30}""", "issuedOn")]
    [InlineData("""{"issuedOn":"0001-01-01"}""", "issuedOn")]
    [InlineData("""{"amount":9223372036854775808}""", "amount")]
    [InlineData("""{"amount":6557364950211840000000000.0000}""", "amount")]
    public async Task Invoice_out_of_range_is_a_field_error_and_writes_nothing(string body, string field)
    {
        var (admin, _, order, _) = await SoldAsync();

        var response = await admin.PostAsync($"/api/v1/orders/{order}/invoices", Raw(body), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.Codes(field));
        Assert.Equal(100m, (await (await admin.GetAsync($"/api/v1/orders/{order}", Ct)).ReadAsync<OrderDto>()).Invoiced);
    }

    [Theory]
    [InlineData("""{"amount":9223372036854775808}""", "amount")]
    [InlineData("""{"amount":100000000000.01}""", "amount")]
    [InlineData("""{"amount":1,"paidOn":"0001-01-01"}""", "paidOn")]
    [InlineData("""{"amount":1,"paidOn":"1899-12-31"}""", "paidOn")]
    public async Task Payment_out_of_range_is_a_field_error(string body, string field)
    {
        var (admin, _, _, invoice) = await SoldAsync();

        var response = await admin.PostAsync($"/api/v1/invoices/{invoice}/payments", Raw(body), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.Codes(field));
        Assert.Equal(0m, (await (await admin.GetAsync($"/api/v1/invoices/{invoice}", Ct)).ReadAsync<InvoiceDto>()).Paid);
    }

    [Theory]
    [InlineData("""{"lines":[{"description":"x","quantity":2,"unitPrice":9223372036854775807}]}""", "lines[0].unitPrice")]
    [InlineData("""{"lines":[{"description":"x","quantity":1000000,"unitPrice":99999999}]}""", "lines[0].quantity")]
    [InlineData("""{"lines":[{"description":"x","quantity":1,"unitPrice":1,"unit":"a unit name far too long"}]}""", "lines[0].unit")]
    [InlineData("""{"lines":[null]}""", "lines[0]")]
    [InlineData("""{"validUntil":"9999-12-31","lines":[{"description":"x","quantity":1,"unitPrice":1}]}""", "validUntil")]
    public async Task Quote_out_of_range_is_a_field_error(string body, string field)
    {
        var (admin, deal, _, _) = await SoldAsync();

        var response = await admin.PostAsync($"/api/v1/opportunities/{deal}/quotes", Raw(body), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.Codes(field));
    }

    [Theory]
    [InlineData("from=9999-11-01&to=9999-12-01", "from")]
    [InlineData("from=2026-01-01&to=9999-12-31", "to")]
    [InlineData("from=0001-01-01&to=0001-02-01", "from")]
    public async Task Forecast_out_of_range_is_a_field_error(string query, string field)
    {
        var client = await app.AdminClientAsync();

        var problem = await (await client.GetAsync($"/api/v1/opportunities/forecast?{query}", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["Validation.DateRange"], problem.Codes(field));
    }

    [Theory]
    [InlineData("""{"kind":"task","subject":"Ancient","dueAt":"1899-12-31T09:00:00Z"}""", "dueAt")]
    [InlineData("""{"kind":"task","subject":"Far","dueAt":"9999-12-31T23:59:59Z"}""", "dueAt")]
    [InlineData("""{"subject":"Old","occurredAt":"0001-01-01T00:00:00Z"}""", "occurredAt")]
    [InlineData("""{"subject":"Later","followUpOn":"2200-01-01"}""", "followUpOn")]
    public async Task Interaction_dates_outside_the_business_range_are_refused(string body, string field)
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.PostAsync($"{CustomersUrl}/{customer.Id}/interactions", Raw(body), Ct);

        await response.ShouldRejectAsync(field, "Validation.DateRange");
        Assert.Empty((await client.GetPageAsync<InteractionDto>($"{CustomersUrl}/{customer.Id}/interactions")).Items);
    }

    [Theory]
    [InlineData("""{"title":"C","value":1,"startDate":"0001-01-01","endDate":"2027-01-01"}""", "startDate")]
    [InlineData("""{"title":"C","value":1,"startDate":"2026-01-01","endDate":"9999-12-31"}""", "endDate")]
    [InlineData("""{"title":"C","value":9223372036854775808,"startDate":"2026-01-01","endDate":"2027-01-01"}""", "value")]
    public async Task Contract_out_of_range_is_a_field_error(string body, string field)
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());

        var response = await client.PostAsync("/api/v1/contracts", Raw(body.Replace("{\"title\"", $"{{\"customerId\":\"{customer.Id}\",\"title\"", StringComparison.Ordinal)), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.Codes(field));
    }

    [Fact]
    public async Task Deal_with_unknown_source_lead_or_far_close_date_is_a_field_error()
    {
        var client = await app.AdminClientAsync();
        var customer = await client.CreateAsync(CustomerSamples.Valid());

        var lead = await client.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "D", CustomerId = customer.Id, SourceLeadId = Guid.NewGuid() });
        var far = await client.PostJsonAsync("/api/v1/opportunities", new OpportunityInput { Name = "D", CustomerId = customer.Id, ExpectedCloseDate = DateOnly.MaxValue });
        var board = await client.GetAsync("/api/v1/opportunities/board?closeTo=9999-12-31", Ct);

        Assert.Equal(["Validation.UnknownLead"], (await lead.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("sourceLeadId"));
        Assert.Equal(["Validation.DateRange"], (await far.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("expectedCloseDate"));
        Assert.Equal(["Validation.DateRange"], (await board.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("closeTo"));
    }

    [Fact]
    public async Task Null_lists_in_price_lists_and_settings_are_field_errors()
    {
        var client = await app.AdminClientAsync();

        var prices = await client.PostAsync("/api/v1/price-lists", Raw("""{"name":"P","currency":"CNY","validFrom":"2026-01-01","items":[null]}"""), Ct);
        var settings = await client.PutAsync("/api/v1/admin/settings/sensitive-fields", Raw("""{"fields":null}"""), Ct);

        Assert.Equal(["Validation.Required"], (await prices.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("items[0]"));
        Assert.Equal(["Validation.Required"], (await settings.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("fields"));
    }

    [Fact]
    public async Task Null_role_in_an_invitation_or_a_users_access_is_a_field_error()
    {
        var client = await app.AdminClientAsync();
        var (_, userId) = await app.NewUserAsync(Rapport.Core.Common.Roles.SalesRepresentative);

        var invite = await client.PostAsync("/api/v1/users/invitations", Raw("""{"userName":"nullrole","roles":[null]}"""), Ct);
        var access = await client.PutAsync($"/api/v1/users/{userId}/access", Raw("""{"roles":[null]}"""), Ct);

        Assert.Equal(["Validation.Required"], (await invite.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("roles"));
        Assert.Equal(["Validation.Required"], (await access.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("roles"));
    }

    [Fact]
    public async Task Null_entries_in_sla_calendars_policies_and_previews_are_field_errors()
    {
        var client = await app.AdminClientAsync();
        var calendarId = (await (await client.GetAsync("/api/v1/sla/calendars", Ct)).ReadNodeAsync())[0]!["id"]!.ToString();

        var hours = await client.PostAsync("/api/v1/sla/calendars", Raw("""{"name":"Null hours","timeZoneId":"Asia/Shanghai","hours":[null]}"""), Ct);
        var days = await client.PostAsync("/api/v1/sla/calendars",
            Raw("""{"name":"Null days","timeZoneId":"Asia/Shanghai","hours":[{"day":"monday","from":"09:00","to":"18:00"}],"days":[null]}"""), Ct);
        var policy = await client.PostAsync("/api/v1/sla/policies", Raw($$"""{"name":"Null rows","calendarId":"{{calendarId}}","isActive":true,"targets":[null],"escalations":[null]}"""), Ct);
        var preview = await client.PostAsync("/api/v1/sla/preview", Raw($$"""{"calendarId":"{{calendarId}}","start":"2026-11-30T09:00:00Z","minutes":60,"pauses":[null]}"""), Ct);

        Assert.Equal(["Validation.Required"], (await hours.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("hours[0]"));
        Assert.Equal(["Validation.Required"], (await days.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("days[0]"));
        var rows = await policy.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Validation.Required"], rows.Codes("targets[0]"));
        Assert.Equal(["Validation.Required"], rows.Codes("escalations[0]"));
        Assert.Equal(["Validation.Required"], (await preview.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("pauses[0]"));
    }

    [Fact]
    public async Task An_invitation_with_a_display_name_longer_than_200_characters_is_a_field_error()
    {
        var client = await app.AdminClientAsync();

        var invite = await client.PostJsonAsync("/api/v1/users/invitations", new InviteInput("longname", new string('长', 201), null, [], null));

        Assert.Equal(["Validation.TooLong"], (await invite.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Codes("displayName"));
    }

    [Theory]
    [InlineData("/api/v1/account/login/passkey")]
    [InlineData("/api/v1/account/login/2fa/passkey")]
    public async Task Passkey_sign_in_without_a_credential_is_refused_without_500(string url)
    {
        var response = await app.CreateClient().PostAsync(url, Raw("{}"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"got {response.StatusCode}");
    }

    [Theory]
    [InlineData("""{"dueInDays":1e400}""")]
    [InlineData("""{"dueInDays":99999999999}""")]
    [InlineData("""{"amount":1e400}""")]
    public async Task Json_number_that_does_not_fit_is_a_400(string body)
    {
        var (admin, _, order, _) = await SoldAsync();

        var response = await admin.PostAsync($"/api/v1/orders/{order}/invoices", Raw(body), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("$.", (string?)problem["detail"], StringComparison.Ordinal);
    }
}

public sealed class InputRangeOnSqlite(SqliteApp app) : InputRangeTests(app), IClassFixture<SqliteApp>;

public sealed class InputRangeOnPostgres(PostgresApp app) : InputRangeTests(app), IClassFixture<PostgresApp>;
