using Rapport.Core.Quality;

namespace Rapport.Core.Tests.Quality;

public sealed class MatchKeysTests
{
    [Theory]
    [InlineData("星辰科技有限公司", "星辰科技")]
    [InlineData("星辰科技股份有限公司", "星辰科技")]
    [InlineData("星辰科技有限责任公司", "星辰科技")]
    [InlineData("星辰科技集团有限公司", "星辰科技")]
    [InlineData("星辰（上海）科技有限公司", "星辰上海科技")]
    [InlineData("Acme Trading Co., Ltd.", "acmetrading")]
    [InlineData("ACME trading", "acmetrading")]
    [InlineData("Acme Trading Limited", "acmetrading")]
    [InlineData("Acme, Inc.", "acme")]
    [InlineData("Acme LLC", "acme")]
    [InlineData("Müller GmbH", "müller")]
    public void Name_strips_case_punctuation_and_legal_suffixes_in_english_and_chinese(string raw, string expected) =>
        Assert.Equal(expected, MatchKeys.Name(raw));

    [Fact]
    public void Full_width_letters_digits_and_brackets_fold_to_their_half_width_forms()
    {
        Assert.Equal(MatchKeys.Name("ACME 88 Trading Ltd"), MatchKeys.Name("ＡＣＭＥ　８８　Ｔｒａｄｉｎｇ　Ｌｔｄ"));
        Assert.Equal(MatchKeys.Name("星辰(上海)科技有限公司"), MatchKeys.Name("星辰（上海）科技有限公司"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("!!!")]
    public void A_name_with_nothing_to_match_has_no_key(string? raw) => Assert.Null(MatchKeys.Name(raw));

    [Fact]
    public void Block_is_the_name_prefix_and_the_normalised_city()
    {
        Assert.Equal("acme|shanghai", MatchKeys.Block(MatchKeys.Name("Acme Trading"), "Shanghai "));
        Assert.Equal(MatchKeys.Block(MatchKeys.Name("Acme Trade Co"), "SHANGHAI"), MatchKeys.Block(MatchKeys.Name("Acme Trading"), "Shanghai"));
        Assert.Equal("星辰科技|上海", MatchKeys.Block(MatchKeys.Name("星辰科技发展有限公司"), "上海"));
        Assert.Null(MatchKeys.Block(MatchKeys.Name("Acme"), null));
    }

    [Fact]
    public void A_leads_company_and_name_key_needs_both_and_ignores_how_the_company_is_written()
    {
        Assert.Equal(MatchKeys.CompanyAndName("Acme Trading Co., Ltd.", "Zhang Wei"), MatchKeys.CompanyAndName("ＡＣＭＥ trading", "zhang  wei"));
        Assert.Equal(MatchKeys.CompanyAndName("星辰科技有限公司", "王芳"), MatchKeys.CompanyAndName("星辰科技", "王芳"));
        Assert.NotEqual(MatchKeys.CompanyAndName("Acme Trading", "Zhang Wei"), MatchKeys.CompanyAndName("Acme Trading", "Li Na"));
        Assert.Null(MatchKeys.CompanyAndName(null, "Zhang Wei"));
        Assert.Null(MatchKeys.CompanyAndName("Acme", "  "));
    }

    [Fact]
    public void Similarity_is_one_for_the_same_company_written_differently_and_low_for_another()
    {
        Assert.Equal(1, MatchKeys.Similarity("星辰科技有限公司", "星辰科技"));
        Assert.Equal(1, MatchKeys.Similarity("Acme Trading Co., Ltd.", "ＡＣＭＥ Trading"));
        Assert.InRange(MatchKeys.Similarity("Acme Trading", "Acme Trade"), 0.7, 0.99);
        Assert.InRange(MatchKeys.Similarity("Acme Trading", "Globex Logistics"), 0, 0.2);
        Assert.Equal(0, MatchKeys.Similarity(null, "Acme"));
    }
}

public sealed class DuplicateScoreTests
{
    [Fact]
    public void A_shared_email_or_phone_outweighs_a_shared_name_prefix()
    {
        var email = DuplicateScore.Of(DuplicateReasons.Email, 0.2);
        var block = DuplicateScore.Of(DuplicateReasons.NameAndCity, 0.6);
        Assert.True(email > block, $"{email} <= {block}");
    }

    [Fact]
    public void More_shared_keys_and_more_alike_names_score_higher_and_the_score_stays_within_100()
    {
        var nameOnly = DuplicateScore.Of(DuplicateReasons.Name | DuplicateReasons.NameAndCity, 1);
        var nameAndPhone = DuplicateScore.Of(DuplicateReasons.Name | DuplicateReasons.NameAndCity | DuplicateReasons.Phone, 1);
        var everything = DuplicateScore.Of(DuplicateReasons.Name | DuplicateReasons.NameAndCity | DuplicateReasons.Phone | DuplicateReasons.Email, 1);
        Assert.True(nameAndPhone > nameOnly);
        Assert.Equal(100, everything);
        Assert.True(DuplicateScore.Of(DuplicateReasons.Phone, 0.9) > DuplicateScore.Of(DuplicateReasons.Phone, 0.1));
        Assert.Equal(0, DuplicateScore.Of(DuplicateReasons.None, 0));
    }

    [Fact]
    public void A_leads_same_company_and_name_weighs_as_a_customers_same_name()
    {
        Assert.Equal(DuplicateScore.Of(DuplicateReasons.Name, 0.5), DuplicateScore.Of(DuplicateReasons.CompanyAndName, 0.5));
        Assert.Equal(["email", "companyAndName"], DuplicateScore.Names(DuplicateReasons.Email | DuplicateReasons.CompanyAndName));
    }

    [Fact]
    public void Reasons_are_named_as_the_api_names_them() =>
        Assert.Equal(["email", "name", "nameAndCity"], DuplicateScore.Names(DuplicateReasons.Email | DuplicateReasons.Name | DuplicateReasons.NameAndCity));
}
