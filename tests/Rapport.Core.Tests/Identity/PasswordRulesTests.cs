using Rapport.Core.Identity;

namespace Rapport.Core.Tests.Identity;

/// <summary>The fixed password rules: what they refuse, and that ordinary strong passwords pass.</summary>
public sealed class PasswordRulesTests
{
    private static readonly string?[] Names = ["zhang.wei", "wei.zhang@example.com".Split('@')[0], "Rapport", "Northwind Traders"];

    [Theory]
    [InlineData("Quartz&Meadow-4817")]
    [InlineData("correct horse battery staple")]
    [InlineData("Fresh&Unusual-2031")]
    [InlineData("我的密码很长而且不好猜-2026")]
    [InlineData("Tw0-Ravens;Kettle")]
    public void Strong_passwords_break_no_rule(string password) =>
        Assert.Empty(PasswordRules.Breaches(password, Names));

    [Theory]
    [InlineData("Zhang#Garden-77", "Password.ContainsName")]
    [InlineData("N0rthw1nd-Quokka", "Password.ContainsName")]
    [InlineData("Traders&Quokka-9", "Password.ContainsName")]
    [InlineData("Ytrewq!Garden8", "Password.Keyboard")]
    [InlineData("Lkjh#Garden-27", "Password.Keyboard")]
    [InlineData("XSW@zaq!Garden", "Password.Keyboard")]
    [InlineData("Garden-9876-Quo", "Password.Pattern")]
    [InlineData("Garden-zyxw-Quo", "Password.Pattern")]
    [InlineData("Qz#121212", "Password.Pattern")]
    [InlineData("Xy9!aaaaaaa", "Password.Pattern")]
    [InlineData("Garden\tQuokka-27", "Password.Control")]
    public void Guessable_shapes_are_named(string password, string code) =>
        Assert.Contains(code, PasswordRules.Breaches(password, Names));

    [Fact]
    public void More_than_128_characters_is_too_long_and_not_examined_further()
    {
        Assert.Equal(["Password.TooLong"], PasswordRules.Breaches(new string('a', 129), Names));
        Assert.DoesNotContain("Password.TooLong", PasswordRules.Breaches("Q#9" + new string('x', 1) + "Garden-Quokka-Meadow", Names));
    }

    [Fact]
    public void Short_or_empty_names_are_not_rules()
    {
        Assert.Empty(PasswordRules.Breaches("Quartz&Meadow-4817", ["", null, "  ", "Qu"]));
    }
}
