using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Core.Tests.Marketing;

/// <summary>Campaign email templates: fields with fallbacks, HTML encoding, sanitising, the recipient's language,
/// and link tracking that only ever points at the template's own links.</summary>
public sealed class CampaignTemplateTests
{
    private static CampaignVariant Variant(string? html = null, bool zh = true) => new()
    {
        Label = "A",
        Subject = "Hi {{ customer.name | default: \"customer\" }}",
        Text = "Dear {{ customer.name | default: \"customer\" }} ({{ customer.number }}) — {{ campaign.name }}. Unsubscribe: {{ unsubscribe_url }}",
        Html = CampaignTemplate.Sanitize(html ?? "<p>Dear {{ customer.name | default: \"customer\" }}</p><a href=\"https://shop.example.com/a?x=1&amp;y=2\">A</a><a href=\"https://shop.example.com/b\">B</a><a href=\"mailto:x@example.com\">M</a>"),
        SubjectZh = zh ? "{{ customer.name }}，您好" : null,
        TextZh = zh ? "尊敬的 {{ customer.name }}" : null,
    };

    private static MergeFields Fields(string name) => new(name, "C-0001", "Spring", "https://crm.example.com/unsubscribe/t");

    [Fact]
    public void A_missing_field_takes_its_fallback_and_every_field_is_html_encoded_in_the_html_part_only()
    {
        var empty = CampaignTemplate.Render(CampaignTemplate.Compile(Variant(), "en"), Fields(""));
        Assert.Equal("Hi customer", empty.Subject);
        var rendered = CampaignTemplate.Render(CampaignTemplate.Compile(Variant(), "en"), Fields("Tom & <Jerry>"));
        Assert.Equal("Hi Tom & <Jerry>", rendered.Subject);
        Assert.StartsWith("Dear Tom & <Jerry> (C-0001) — Spring. Unsubscribe: https://crm.example.com/unsubscribe/t", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Dear Tom &amp; &lt;Jerry&gt;</p>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_handlers_and_javascript_links_are_removed_when_the_html_is_saved()
    {
        var html = CampaignTemplate.Sanitize("<p onclick=\"steal()\">Hi</p><script>steal()</script><a href=\"javascript:steal()\">x</a><form><input></form>");
        Assert.DoesNotContain("steal", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_whose_name_is_chinese_gets_the_chinese_version_when_there_is_one()
    {
        Assert.Equal("zh", CampaignTemplate.LanguageFor("王芳", Variant()));
        Assert.Equal("en", CampaignTemplate.LanguageFor("Wang Fang", Variant()));
        Assert.Equal("en", CampaignTemplate.LanguageFor("王芳", Variant(zh: false)));
        var zh = CampaignTemplate.Render(CampaignTemplate.Compile(Variant(), "zh"), Fields("王芳"));
        Assert.Equal("王芳，您好", zh.Subject);
        Assert.Equal("尊敬的 王芳", zh.Text);
    }

    [Fact]
    public void Web_links_are_swapped_for_tracked_ones_by_their_number_and_a_pixel_is_added()
    {
        var template = CampaignTemplate.Compile(Variant(), "en");
        Assert.Equal(["https://shop.example.com/a?x=1&y=2", "https://shop.example.com/b"], template.Links);
        var rendered = CampaignTemplate.Render(template, Fields("Ana"), n => $"https://crm.example.com/m/c/t{n}", "https://crm.example.com/m/o/p");
        Assert.Contains("href=\"https://crm.example.com/m/c/t0\"", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://crm.example.com/m/c/t1\"", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:x@example.com\"", rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("shop.example.com", rendered.Html, StringComparison.Ordinal);
        Assert.EndsWith("<img src=\"https://crm.example.com/m/o/p\" width=\"1\" height=\"1\" alt=\"\">", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_cannot_add_a_line_to_the_subject()
    {
        var rendered = CampaignTemplate.Render(CampaignTemplate.Compile(Variant(), "en"), Fields("Ana\r\nBcc: x@example.com"));
        Assert.DoesNotContain('\n', rendered.Subject);
        Assert.DoesNotContain('\r', rendered.Subject);
    }
}
