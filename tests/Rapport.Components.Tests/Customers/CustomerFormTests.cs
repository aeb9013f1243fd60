using Rapport.Core.Customers;
using Rapport.Server.Customers;

namespace Rapport.Components.Tests.Customers;

/// <summary>The customer form checks with the service's own rules as the user types, but only speaks up about
/// fields the user has been in, and about everything once they try to save.</summary>
public class CustomerFormTests : UiContext
{
    private static string? ErrorUnder(IRenderedComponent<CustomerForm> form, string inputId) =>
        form.Find($"#{inputId}").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();

    [Fact]
    public void A_fresh_form_is_quiet_until_the_user_types()
    {
        var form = RenderWithPopovers<CustomerForm>();

        Assert.Empty(form.FindAll(".mud-input-error"));
        Assert.Empty(form.FindAll("[role=alert]"));
    }

    [Fact]
    public void A_bad_phone_is_flagged_as_it_is_typed_and_the_flag_clears_when_it_is_fixed()
    {
        var form = RenderWithPopovers<CustomerForm>();

        form.Find("#phone-0").Input("12345");
        Assert.Equal("This is not a valid phone number.", ErrorUnder(form, "phone-0"));
        Assert.Null(ErrorUnder(form, "customer-name")); // untouched fields stay quiet

        form.Find("#phone-0").Input("+1 650 253 0000");
        Assert.Null(ErrorUnder(form, "phone-0"));
    }

    [Fact]
    public void Saving_an_empty_form_shows_every_problem_and_saves_nothing()
    {
        var saved = false;
        var form = RenderWithPopovers<CustomerForm>(p => p.Add(f => f.OnSaved, (CustomerDto _) => saved = true));

        form.Find("[data-testid=save-customer]").Click();

        Assert.Equal("This field is required.", ErrorUnder(form, "customer-name"));
        Assert.Equal("This field is required.", ErrorUnder(form, "address-country"));
        Assert.Equal("This field is required.", ErrorUnder(form, "address-city"));
        Assert.Contains("Give at least one contact method", form.Find("[data-testid=error-contactMethods]").TextContent, StringComparison.Ordinal);
        Assert.False(saved);
    }

    [Fact]
    public void Editing_starts_from_the_customer_and_keeps_the_addresses_the_form_does_not_show()
    {
        var now = DateTime.UtcNow;
        var customer = new CustomerDto(Guid.NewGuid(), "C-2026-00042", "Contoso GmbH", CustomerKind.Company,
            ["+4930123456"], ["einkauf@contoso.example"], [],
            [new AddressDto("Germany", "Berlin", null, "Unter den Linden 1", "10117"), new AddressDto("Austria", "Wien", Label: "Warehouse")],
            "Manufacturing", null, null, null, ValueTier.High, LifecycleStage.Mature, ["dach", "key"], null, now, null, now, null, 3);

        var form = RenderWithPopovers<CustomerForm>(p => p.Add(f => f.Initial, customer));

        Assert.Equal("Contoso GmbH", form.Find("#customer-name").GetAttribute("value"));
        Assert.Equal("+4930123456", form.Find("#phone-0").GetAttribute("value"));
        Assert.Equal("dach, key", form.Find("#customer-tags").GetAttribute("value"));
        var input = form.Instance.Input();
        Assert.Equal(["Germany", "Austria"], input.Addresses!.Select(a => a.Country));
        Assert.Equal(["dach", "key"], input.Tags);
    }

    [Theory]
    [InlineData("Shanghai", "Shanghai Municipality")]
    [InlineData("Suzhou", null)] // a customer saved with only a city must save again as it is
    public void Saving_an_unchanged_customer_keeps_every_address_field_where_it_was(string city, string? region)
    {
        var now = DateTime.UtcNow;
        var address = new AddressDto("China", city, region, "1 Century Ave", "200120", "Head office");
        var customer = new CustomerDto(Guid.NewGuid(), "C-2026-00043", "星辰科技", CustomerKind.Company,
            ["+862150500000"], [], [], [address], null, null, null, null, ValueTier.Medium, LifecycleStage.New, [], null, now, null, now, null, 1);

        var form = RenderWithPopovers<CustomerForm>(p => p.Add(f => f.Initial, customer));

        Assert.Equal(city, form.Find("#address-city").GetAttribute("value"));
        Assert.Equal(address, Assert.Single(form.Instance.Input().Addresses!));
        CustomerRules.Validate(form.Instance.Input(), "CN"); // throws when a required address field went missing
    }

    [Fact]
    public void Masked_personal_data_is_shown_read_only_and_sent_back_as_it_came_so_the_rest_can_be_saved()
    {
        var now = DateTime.UtcNow;
        var customer = new CustomerDto(Guid.NewGuid(), "C-2026-00043", "Wang Fang", CustomerKind.Individual,
            ["+86*******8000"], ["wangfang@example.com"], [], [new AddressDto("China", "Shanghai", "Shanghai Municipality")],
            null, null, null, null, ValueTier.Medium, LifecycleStage.New, [], null, now, null, now, null, 2,
            NationalId: "110***********002X", BankAccount: null, DateOfBirth: "****-**-**");

        var form = RenderWithPopovers<CustomerForm>(p => p.Add(f => f.Initial, customer));
        form.Find("#customer-name").Input("Wang Fang (VIP)");

        Assert.Contains("Hidden from you; saving keeps it as it is.", form.Markup, StringComparison.Ordinal);
        var input = form.Instance.Input();
        // What the form checks before saving: the masked values pass, so only the user's own edits are judged.
        Assert.Equal("Wang Fang (VIP)", CustomerRules.Validate(input, "CN", acceptMasked: true).Name);
        Assert.Equal(["+86*******8000"], input.Phones);
        Assert.Equal(["wangfang@example.com"], input.Emails);
        Assert.Equal(("110***********002X", "****-**-**"), (input.NationalId, input.DateOfBirth));
        Assert.Equal("", form.Find("#phone-0").GetAttribute("value") ?? "");
        Assert.Equal(("Shanghai", "Shanghai Municipality"), (input.Addresses![0].City, input.Addresses[0].Region));
    }

    [Fact]
    public void Tags_split_on_english_and_chinese_commas_and_semicolons()
    {
        var form = RenderWithPopovers<CustomerForm>();

        form.Find("#customer-tags").Change("vip， 华东; renewal ,");

        Assert.Equal(["vip", "华东", "renewal"], form.Instance.Input().Tags);
    }
}

/// <summary>The same form for a user whose language is Simplified Chinese.</summary>
public class CustomerFormInChineseTests() : UiContext("zh-CN")
{
    [Fact]
    public void Errors_and_labels_are_in_chinese()
    {
        var form = RenderWithPopovers<CustomerForm>();

        form.Find("#phone-0").Input("12345");
        form.Find("[data-testid=save-customer]").Click();

        Assert.Contains("不是有效的电话号码。", form.Markup, StringComparison.Ordinal);
        Assert.Contains("此字段为必填项。", form.Markup, StringComparison.Ordinal);
        Assert.Contains("保存", form.Find("[data-testid=save-customer]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("This field is required.", form.Markup, StringComparison.Ordinal);
    }
}
