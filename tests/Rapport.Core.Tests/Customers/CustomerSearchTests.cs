using Rapport.Core.Data;

namespace Rapport.Core.Tests.Customers;

public sealed class CustomerSearchTests
{
    [Fact]
    public void NormalizeTerm_lower_cases_and_trims_text()
    {
        Assert.Equal("acme trading", TextSearch.NormalizeTerm("  ACME Trading "));
    }

    [Theory]
    [InlineData("+86 138-0013-8000", "8613800138000")]
    [InlineData("(021) 6888.1234", "02168881234")]
    [InlineData("138 0013", "1380013")]
    public void NormalizeTerm_reduces_a_phone_looking_term_to_its_digits(string term, string expected)
    {
        Assert.Equal(expected, TextSearch.NormalizeTerm(term));
    }

    [Fact]
    public void NormalizeTerm_keeps_short_digit_terms_as_typed()
    {
        // Fewer than three digits is not treated as a phone fragment.
        Assert.Equal("1-2", TextSearch.NormalizeTerm("1-2"));
    }

    [Fact]
    public void NormalizeTerm_leaves_digits_mixed_with_letters_alone()
    {
        Assert.Equal("c-2025-00001", TextSearch.NormalizeTerm("C-2025-00001"));
    }

    [Fact]
    public void FtsPhrase_doubles_embedded_quotes_so_operators_stay_literal()
    {
        Assert.Equal("\"say \"\"hi\"\" OR x*\"", SearchIndex.FtsPhrase("say \"hi\" OR x*"));
    }

    [Fact]
    public void LikeContains_escapes_percent_underscore_and_backslash()
    {
        Assert.Equal(@"%50\%\_off\\now%", SearchIndex.LikeContains(@"50%_off\now"));
    }
}
