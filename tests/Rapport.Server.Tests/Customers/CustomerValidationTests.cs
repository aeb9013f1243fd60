namespace Rapport.Server.Tests.Customers;

/// <summary>Mandatory fields, formats, localized messages, duplicate warnings and hand-picked numbers.</summary>
public abstract class CustomerValidationTests(RapportApp app)
{
    public static TheoryData<string, string, string> MissingFields => new()
    {
        { "name", "name", "Validation.Required" },
        { "blank name", "name", "Validation.Required" },
        { "contact methods", "contactMethods", "Validation.ContactMethodRequired" },
        { "addresses", "addresses", "Validation.AddressRequired" },
        { "address country", "addresses[0].country", "Validation.Required" },
        { "address city", "addresses[0].city", "Validation.Required" },
        { "phone", "phones[0]", "Validation.Phone" },
        { "email", "emails[0]", "Validation.Email" },
        { "long name", "name", "Validation.TooLong" },
    };

    private static CustomerInput Break(CustomerInput valid, string what) => what switch
    {
        "name" => valid with { Name = null },
        "blank name" => valid with { Name = "   " },
        "contact methods" => valid with { Phones = [], Emails = null, Ims = [] },
        "addresses" => valid with { Addresses = [] },
        "address country" => valid with { Addresses = [new AddressDto(" ", "Shanghai")] },
        "address city" => valid with { Addresses = [new AddressDto("China", null)] },
        "phone" => valid with { Phones = ["12345"] },
        "email" => valid with { Emails = ["not-an-email"] },
        "long name" => valid with { Name = new string('x', 201) },
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    [Theory]
    [MemberData(nameof(MissingFields))]
    public async Task Invalid_create_answers_400_naming_the_field_and_code(string what, string field, string code)
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var input = Break(CustomerSamples.Valid(tag: tag), what);

        var response = await client.PostJsonAsync(CustomersUrl, input);

        var problem = await response.ShouldRejectAsync(field, code);
        Assert.NotEmpty(problem.Messages(field)[0]);
        Assert.Equal(0, await client.CountCustomersAsync(tag));
    }

    [Fact]
    public async Task Every_broken_field_is_reported_at_once()
    {
        var client = await app.AdminClientAsync();
        var input = new CustomerInput { Name = "", Addresses = [new AddressDto(null, null)] };

        var response = await client.PostJsonAsync(CustomersUrl, input);

        var problem = await response.ShouldRejectAsync("name", "Validation.Required");
        Assert.Equal(["Validation.ContactMethodRequired"], problem.Codes("contactMethods"));
        Assert.Equal(["Validation.Required"], problem.Codes("addresses[0].country"));
        Assert.Equal(["Validation.Required"], problem.Codes("addresses[0].city"));
    }

    [Fact]
    public async Task Update_is_validated_like_create()
    {
        var client = await app.AdminClientAsync();
        var input = CustomerSamples.Valid();
        var dto = await client.CreateAsync(input);

        var response = await client.PutJsonAsync($"{CustomersUrl}/{dto.Id}", input with { Addresses = [] });

        await response.ShouldRejectAsync("addresses", "Validation.AddressRequired");
        Assert.Equal(1, (await client.GetCustomerAsync(dto.Id)).Version);
    }

    [Fact]
    public async Task Messages_are_in_Chinese_for_zh_CN_callers()
    {
        var client = await app.AdminClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, CustomersUrl)
        {
            Content = JsonContent.Create(CustomerSamples.Valid() with { Name = null }, options: Json.Options),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var response = await client.SendAsync(request, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("必填", problem.Messages("name")[0], StringComparison.Ordinal);
        Assert.Equal(["Validation.Required"], problem.Codes("name"));
        Assert.Equal("部分字段需要修改。", (string?)problem["title"]);
    }

    [Fact]
    public async Task Messages_are_in_English_by_default()
    {
        var client = await app.AdminClientAsync();

        var response = await client.PostJsonAsync(CustomersUrl, CustomerSamples.Valid() with { Name = null });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("This field is required.", problem.Messages("name")[0]);
    }

    [Fact]
    public async Task Same_phone_written_differently_answers_409_naming_the_first_customer()
    {
        var client = await app.AdminClientAsync();
        var mobile = CustomerSamples.ChinaMobile();
        var first = await client.CreateAsync(CustomerSamples.Valid(name: "First Phone Holder", phone: $"+86 {mobile[..3]}-{mobile[3..7]}-{mobile[7..]}"));
        var tag = CustomerSamples.NewTag();

        var response = await client.PostJsonAsync(CustomersUrl, CustomerSamples.Valid(name: "Second", tag: tag, phone: $"({mobile[..3]}) {mobile[3..]}"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var match = Assert.Single(problem["matches"]!.AsArray())!;
        Assert.Equal(first.Id, Guid.Parse((string)match["id"]!));
        Assert.Equal(first.Number, (string?)match["number"]);
        Assert.Equal("First Phone Holder", (string?)match["name"]);
        Assert.Equal("phone", (string?)match["matchedOn"]);
        Assert.Equal("+86" + mobile, (string?)match["value"]);
        Assert.Equal(0, await client.CountCustomersAsync(tag));
    }

    [Fact]
    public async Task Same_email_in_other_case_answers_409()
    {
        var client = await app.AdminClientAsync();
        var email = $"dup.{Guid.NewGuid():N}@example.com";
        var first = await client.CreateAsync(CustomerSamples.Valid(email: email));

        var response = await client.PostJsonAsync(CustomersUrl, CustomerSamples.Valid(email: email.ToUpperInvariant()));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var match = Assert.Single(problem["matches"]!.AsArray())!;
        Assert.Equal(first.Id, Guid.Parse((string)match["id"]!));
        Assert.Equal("email", (string?)match["matchedOn"]);
    }

    [Fact]
    public async Task Confirmed_duplicate_is_created()
    {
        var client = await app.AdminClientAsync();
        var mobile = CustomerSamples.ChinaMobile();
        var first = await client.CreateAsync(CustomerSamples.Valid(phone: mobile));

        var response = await client.PostJsonAsync($"{CustomersUrl}?confirmDuplicate=true", CustomerSamples.Valid(phone: "+86 " + mobile));

        await response.ShouldBeAsync(HttpStatusCode.Created);
        var second = await response.ReadAsync<CustomerDto>();
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Phones, second.Phones);
    }

    [Fact]
    public async Task Explicit_number_is_kept_and_cannot_be_reused()
    {
        var client = await app.AdminClientAsync();
        var number = "VIP-" + Guid.NewGuid().ToString("N")[..8];
        var first = await client.CreateAsync(CustomerSamples.Valid() with { Number = number });

        var response = await client.PostJsonAsync(CustomersUrl, CustomerSamples.Valid() with { Number = number });

        Assert.Equal(number, first.Number);
        await response.ShouldRejectAsync("number", "Validation.NumberTaken");
    }

    [Fact]
    public async Task Number_of_a_deleted_customer_cannot_be_reused()
    {
        var client = await app.AdminClientAsync();
        var number = "OLD-" + Guid.NewGuid().ToString("N")[..8];
        var first = await client.CreateAsync(CustomerSamples.Valid() with { Number = number });
        await client.DeleteAsync($"{CustomersUrl}/{first.Id}", Ct);

        var response = await client.PostJsonAsync(CustomersUrl, CustomerSamples.Valid() with { Number = number });

        await response.ShouldRejectAsync("number", "Validation.NumberTaken");
    }

    [Fact]
    public async Task Number_cannot_be_changed_by_update()
    {
        var client = await app.AdminClientAsync();
        var input = CustomerSamples.Valid();
        var dto = await client.CreateAsync(input);

        var response = await client.PutJsonAsync($"{CustomersUrl}/{dto.Id}", input with { Number = "C-1999-00001" });

        await response.ShouldRejectAsync("number", "Validation.NumberImmutable");
    }
}

public sealed class CustomerValidationOnSqlite(SqliteApp app) : CustomerValidationTests(app), IClassFixture<SqliteApp>;

public sealed class CustomerValidationOnPostgres(PostgresApp app) : CustomerValidationTests(app), IClassFixture<PostgresApp>;
