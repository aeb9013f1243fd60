using Microsoft.Extensions.Localization;
using Rapport.Server;
using Rapport.Server.Components.Common;

namespace Rapport.Components.Tests.Common;

/// <summary>Seeded sources and industries read in the reader's language and are stored by one key whatever language
/// they were typed in, so scoring and filters see one value.</summary>
public class ReferenceTextInChineseTests() : UiContext("zh-CN")
{
    private IStringLocalizer T => Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    [Fact]
    public void Seeded_values_show_in_chinese_and_what_a_user_adds_shows_as_written()
    {
        Assert.Equal("电话开发", T.Label(ReferenceText.Source, "Cold call"));
        Assert.Equal("制造业", T.Label(ReferenceText.Industry, "Manufacturing"));
        Assert.Equal("播客", T.Label(ReferenceText.Source, "播客"));
        Assert.Equal("", T.Label(ReferenceText.Source, null));
    }

    [Fact]
    public void A_chinese_label_typed_or_picked_is_stored_as_its_key_and_suggestions_match_chinese()
    {
        Assert.Equal("Website", T.KeyOf(ReferenceText.Source, ReferenceText.Sources, "官网"));
        Assert.Equal("Referral", T.KeyOf(ReferenceText.Source, ReferenceText.Sources, " referral "));
        Assert.Equal("播客", T.KeyOf(ReferenceText.Source, ReferenceText.Sources, "播客"));
        Assert.Equal(["Finance"], T.Matching(ReferenceText.Industry, ReferenceText.Industries, "金融"));
    }
}

public class ReferenceTextInEnglishTests : UiContext
{
    [Fact]
    public void In_english_the_key_is_the_label()
    {
        var t = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        Assert.Equal("Trade show", t.Label(ReferenceText.Source, "Trade show"));
        Assert.Equal("Trade show", t.KeyOf(ReferenceText.Source, ReferenceText.Sources, "trade SHOW"));
    }
}
