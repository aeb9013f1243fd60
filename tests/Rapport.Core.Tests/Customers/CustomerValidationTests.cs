using Rapport.Core.Customers;
using Rapport.Core.Tests.Infrastructure;

namespace Rapport.Core.Tests.Customers;

public sealed class CustomerValidationTests
{
    private const string Region = "CN";

    private static IReadOnlyList<FieldError> Errors(CustomerInput input) =>
        Assert.Throws<RapportValidationException>(() => CustomerRules.Validate(input, Region)).Errors;

    private static void AssertHasError(IReadOnlyList<FieldError> errors, string field, string code) =>
        Assert.Contains(errors, e => e.Field == field && e.Code == code);

    [Fact]
    public void Validate_accepts_a_complete_customer_and_normalises_it()
    {
        var input = Samples.Customer(name: "  Acme Ltd  ", phone: "138-0013-8000", email: " Buyer@Example.com ") with
        {
            Ims = [" wechat:acme "],
            Tags = [" vip "],
        };

        var n = CustomerRules.Validate(input, Region);

        Assert.Equal("Acme Ltd", n.Name);
        Assert.Equal(["+8613800138000"], n.Phones);
        Assert.Equal(["buyer@example.com"], n.Emails);
        Assert.Equal(["wechat:acme"], n.Ims);
        Assert.Equal(["vip"], n.Tags);
        var address = Assert.Single(n.Addresses);
        Assert.Equal(("China", "Shanghai", "1 Century Ave"), (address.Country, address.City, address.Street));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_rejects_customer_without_name(string? name)
    {
        var errors = Errors(Samples.Customer() with { Name = name });

        AssertHasError(errors, "name", "Validation.Required");
    }

    [Fact]
    public void Validate_accepts_a_name_of_the_maximum_length()
    {
        var n = CustomerRules.Validate(Samples.Customer(name: new string('n', CustomerRules.NameMax)), Region);

        Assert.Equal(CustomerRules.NameMax, n.Name.Length);
    }

    [Fact]
    public void Validate_rejects_a_name_one_character_too_long_and_reports_the_limit()
    {
        var errors = Errors(Samples.Customer(name: new string('n', 201)));

        var error = Assert.Single(errors);
        Assert.Equal(("name", "Validation.TooLong"), (error.Field, error.Code));
        Assert.Equal([200], error.Args);
    }

    [Fact]
    public void Validate_rejects_customer_without_any_contact_method()
    {
        var errors = Errors(Samples.Customer(phone: null, email: null));

        var error = Assert.Single(errors);
        Assert.Equal(("contactMethods", "Validation.ContactMethodRequired"), (error.Field, error.Code));
    }

    /// <summary>A form posts no JSON, so the JSON reader's rule does not reach it: the rules themselves refuse a
    /// control character in an IM handle or a tag, as in every other text field.</summary>
    [Fact]
    public void Validate_rejects_a_control_character_in_an_im_handle_or_a_tag()
    {
        var errors = Errors(Samples.Customer() with { Ims = ["wechat:\u001facme"], Tags = ["v\u0007ip"] });

        AssertHasError(errors, "ims[0]", Rapport.Core.Common.SafeText.ErrorCode);
        AssertHasError(errors, "tags", Rapport.Core.Common.SafeText.ErrorCode);
    }

    [Fact]
    public void Validate_accepts_an_im_handle_as_the_only_contact_method()
    {
        var n = CustomerRules.Validate(Samples.Customer(phone: null, email: null) with { Ims = ["wechat:acme"] }, Region);

        Assert.Equal(["wechat:acme"], n.Ims);
    }

    [Fact]
    public void Validate_rejects_customer_without_address()
    {
        var errors = Errors(Samples.Customer() with { Addresses = [] });

        var error = Assert.Single(errors);
        Assert.Equal(("addresses", "Validation.AddressRequired"), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_requires_country_and_city_on_each_address_and_names_the_index()
    {
        var input = Samples.Customer() with
        {
            Addresses = [new AddressDto("China", "Beijing"), new AddressDto(" ", null)],
        };

        var errors = Errors(input);

        Assert.Equal(2, errors.Count);
        AssertHasError(errors, "addresses[1].country", "Validation.Required");
        AssertHasError(errors, "addresses[1].city", "Validation.Required");
    }

    [Fact]
    public void Validate_rejects_more_than_ten_addresses()
    {
        var input = Samples.Customer() with
        {
            Addresses = Enumerable.Range(0, CustomerRules.AddressesMax + 1).Select(i => new AddressDto("China", $"City {i}")).ToList(),
        };

        AssertHasError(Errors(input), "addresses", "Validation.TooMany");
    }

    [Fact]
    public void Validate_reports_an_invalid_phone_by_its_position_without_asking_for_a_contact_method()
    {
        var input = Samples.Customer(email: null) with { Phones = ["13800138000", "12345"] };

        var error = Assert.Single(Errors(input));

        Assert.Equal(("phones[1]", "Validation.Phone"), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_reports_an_invalid_email_by_its_position()
    {
        var input = Samples.Customer() with { Emails = ["not-an-email", "buyer@example.com"] };

        var error = Assert.Single(Errors(input));

        Assert.Equal(("emails[0]", "Validation.Email"), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_reports_every_broken_field_at_once()
    {
        var input = new CustomerInput { Name = "", Phones = ["nope"], Emails = ["nope"], Addresses = [] };

        var fields = Errors(input).Select(e => e.Field).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["addresses", "emails[0]", "name", "phones[0]"], fields);
    }

    [Fact]
    public void Validate_deduplicates_the_same_phone_written_two_ways()
    {
        var input = Samples.Customer() with { Phones = ["+86 138-0013-8000", "13800138000"] };

        var n = CustomerRules.Validate(input, Region);

        Assert.Equal(["+8613800138000"], n.Phones);
    }

    [Fact]
    public void Validate_deduplicates_emails_that_differ_only_in_case()
    {
        var input = Samples.Customer() with { Emails = ["Buyer@Example.com", "buyer@example.com "] };

        var n = CustomerRules.Validate(input, Region);

        Assert.Equal(["buyer@example.com"], n.Emails);
    }

    [Fact]
    public void Validate_rejects_more_than_ten_contact_methods()
    {
        var input = Samples.Customer(phone: null) with
        {
            Emails = Enumerable.Range(0, CustomerRules.ChannelsMax + 1).Select(i => $"buyer{i}@example.com").ToList(),
        };

        AssertHasError(Errors(input), "contactMethods", "Validation.TooMany");
    }

    [Fact]
    public void Validate_accepts_twenty_tags_and_rejects_twenty_one()
    {
        var twenty = Enumerable.Range(0, CustomerRules.TagsMax).Select(i => $"tag{i}").ToList();

        Assert.Equal(20, CustomerRules.Validate(Samples.Customer() with { Tags = twenty }, Region).Tags.Count);
        AssertHasError(Errors(Samples.Customer() with { Tags = [.. twenty, "one-more"] }), "tags", "Validation.TooMany");
    }

    [Fact]
    public void Validate_counts_tags_that_differ_only_in_case_once()
    {
        var n = CustomerRules.Validate(Samples.Customer() with { Tags = ["VIP", "vip", " Vip "] }, Region);

        Assert.Equal(["VIP"], n.Tags);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_rejects_an_empty_tag(string tag)
    {
        AssertHasError(Errors(Samples.Customer() with { Tags = [tag] }), "tags", "Validation.Tag");
    }

    [Fact]
    public void Validate_accepts_a_fifty_character_tag_and_rejects_fifty_one()
    {
        Assert.Single(CustomerRules.Validate(Samples.Customer() with { Tags = [new string('t', 50)] }, Region).Tags);
        AssertHasError(Errors(Samples.Customer() with { Tags = [new string('t', 51)] }), "tags", "Validation.Tag");
    }

    [Theory]
    [InlineData("industry")]
    [InlineData("source")]
    [InlineData("notes")]
    public void Validate_rejects_free_text_over_its_limit(string field)
    {
        var input = field switch
        {
            "industry" => Samples.Customer() with { Industry = new string('x', CustomerRules.ShortTextMax + 1) },
            "source" => Samples.Customer() with { Source = new string('x', CustomerRules.ShortTextMax + 1) },
            _ => Samples.Customer() with { Notes = new string('x', CustomerRules.NotesMax + 1) },
        };

        var error = Assert.Single(Errors(input));

        Assert.Equal((field, "Validation.TooLong"), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_rejects_an_address_postcode_over_twenty_characters()
    {
        var input = Samples.Customer() with { Addresses = [new AddressDto("China", "Shanghai", Postcode: new string('1', 21))] };

        AssertHasError(Errors(input), "addresses[0].postcode", "Validation.TooLong");
    }

    [Fact]
    public void Validate_rejects_a_customer_number_over_forty_characters()
    {
        AssertHasError(Errors(Samples.Customer() with { Number = new string('N', 41) }), "number", "Validation.TooLong");
    }
}
