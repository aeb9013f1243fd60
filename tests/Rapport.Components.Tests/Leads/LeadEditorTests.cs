using Rapport.Core.Leads;
using Rapport.Server.Leads;

namespace Rapport.Components.Tests.Leads;

/// <summary>The lead form speaks with the service's own rules as the user types, in the user's language.</summary>
public class LeadEditorTests : UiContext
{
    private static string? ErrorUnder(IRenderedComponent<LeadEditor> form, string inputId) =>
        form.Find($"#{inputId}").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();

    [Fact]
    public void Saving_without_a_way_to_reach_the_lead_says_so_and_saves_nothing()
    {
        var saved = false;
        var form = RenderWithPopovers<LeadEditor>(p => p.Add(f => f.OnSaved, (LeadDto _) => saved = true));
        Assert.Empty(form.FindAll(".mud-input-error"));

        form.Find("#lead-name").Input("Li Lei");
        form.Find("[data-testid=save-lead]").Click();

        Assert.Equal("Give an email or a phone number so the lead can be reached.", ErrorUnder(form, "lead-email"));
        Assert.Null(ErrorUnder(form, "lead-name"));
        Assert.False(saved);
    }

    [Fact]
    public void A_phone_fixes_the_missing_contact_as_it_is_typed()
    {
        var form = RenderWithPopovers<LeadEditor>();
        form.Find("#lead-email").Input("not-an-email");
        Assert.Equal("This is not a valid email address.", ErrorUnder(form, "lead-email"));

        form.Find("#lead-email").Input("");
        form.Find("#lead-phone").Input("139 1234 5678");
        Assert.Null(ErrorUnder(form, "lead-email"));
        Assert.Null(ErrorUnder(form, "lead-phone"));
    }
}

public class LeadEditorInChineseTests() : UiContext("zh-CN")
{
    [Fact]
    public void The_form_and_its_messages_are_in_chinese()
    {
        var form = RenderWithPopovers<LeadEditor>();
        form.Find("[data-testid=save-lead]").Click();

        Assert.Contains("公司", form.Markup, StringComparison.Ordinal);
        Assert.Contains("此字段为必填项。", form.Markup, StringComparison.Ordinal);
        Assert.Contains("请填写电子邮箱或电话号码，以便联系该线索。", form.Markup, StringComparison.Ordinal);
    }
}
