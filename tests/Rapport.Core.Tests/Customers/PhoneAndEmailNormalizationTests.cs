namespace Rapport.Core.Tests.Customers;

public sealed class PhoneAndEmailNormalizationTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("138-0013-8000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("  (+86) 138.0013.8000  ")]
    public void NormalizePhone_writes_chinese_mobile_in_e164_whatever_the_formatting(string raw)
    {
        var phone = ContactPoints.NormalizePhone(raw, "CN");

        Assert.Equal("+8613800138000", phone);
    }

    [Fact]
    public void NormalizePhone_keeps_the_explicit_country_code_over_the_default_region()
    {
        var phone = ContactPoints.NormalizePhone("+1 650-253-0000", "CN");

        Assert.Equal("+16502530000", phone);
    }

    [Fact]
    public void NormalizePhone_reads_a_national_number_in_the_given_default_region()
    {
        var phone = ContactPoints.NormalizePhone("(650) 253-0000", "US");

        Assert.Equal("+16502530000", phone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("call me maybe")]
    [InlineData("+86 138 0013 8000 0000 0000 0000 0000 0000 0000")]
    public void NormalizePhone_returns_null_for_something_that_is_not_a_valid_number(string? raw)
    {
        Assert.Null(ContactPoints.NormalizePhone(raw, "CN"));
    }

    [Theory]
    [InlineData("buyer@example.com", "buyer@example.com")]
    [InlineData("  Buyer@Example.COM ", "buyer@example.com")]
    [InlineData("first.last+crm@sub.example.cn", "first.last+crm@sub.example.cn")]
    public void NormalizeEmail_trims_and_lower_cases_a_valid_address(string raw, string expected)
    {
        Assert.Equal(expected, ContactPoints.NormalizeEmail(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("buyer")]
    [InlineData("buyer@")]
    [InlineData("buyer@localhost")]
    [InlineData("two words@example.com")]
    [InlineData("Buyer <buyer@example.com>")]
    [InlineData("a@b@example.com")]
    public void NormalizeEmail_returns_null_for_something_that_is_not_an_address(string? raw)
    {
        Assert.Null(ContactPoints.NormalizeEmail(raw));
    }

    [Fact]
    public void NormalizeEmail_accepts_254_characters_and_rejects_255()
    {
        var longest = "buyer@" + Domain(254 - "buyer@".Length);
        var tooLong = "buyer@" + Domain(255 - "buyer@".Length);

        Assert.Equal(254, longest.Length);
        Assert.Equal(longest, ContactPoints.NormalizeEmail(longest));
        Assert.Null(ContactPoints.NormalizeEmail(tooLong));
    }

    /// <summary>A domain of exactly <paramref name="length"/> characters made of short labels.</summary>
    private static string Domain(int length)
    {
        var labels = string.Concat(Enumerable.Repeat("bbbbbbbbb.", (length - 4) / 10));
        return labels + new string('c', length - labels.Length);
    }
}
