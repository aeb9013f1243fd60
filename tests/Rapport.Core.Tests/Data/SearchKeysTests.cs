using Rapport.Core.Data;

namespace Rapport.Core.Tests.Data;

public sealed class SearchKeysTests
{
    [Fact]
    public void Every_suffix_of_four_or_more_digits_of_each_run_is_a_key_once()
    {
        var keys = SearchKeys.Keys("acme 2024 c-2026-0000123 +8613912345678 a1b22c333");

        string[] expected =
        [
            "2024", "2026",
            "0000123", "000123", "00123", "0123",
            "8613912345678", "613912345678", "13912345678", "3912345678", "912345678", "12345678", "2345678", "345678", "45678", "5678",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_long_run_gives_keys_of_at_most_32_digits_that_still_start_every_suffix()
    {
        var run = string.Concat(Enumerable.Range(0, 40).Select(i => (char)('0' + i % 10)));

        var keys = SearchKeys.Keys(run);

        Assert.Equal(37, keys.Count); // one key per start position that leaves four digits
        Assert.All(keys, k => Assert.InRange(k.Length, 4, 32));
        Assert.Contains(run[..32], keys);
        Assert.Contains(run[20..], keys);
    }

    [Fact]
    public void Each_pair_of_neighbouring_characters_with_one_outside_ascii_and_no_space_is_a_key()
    {
        var keys = SearchKeys.Keys("北京星辰 a伟 𠀀b ab");

        string[] expected = ["北京", "京星", "星辰", "a伟", "𠀀b"]; // not "辰 " or " a" (a space), not "ab" (ASCII)
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("星辰", "星辰")]
    [InlineData("a伟", "a伟")]
    [InlineData("𠀀b", "𠀀b")] // two characters, one of them outside the BMP
    [InlineData("ab", null)]
    [InlineData("星", null)]
    [InlineData("星辰科", null)] // three characters: the trigram index answers
    [InlineData("13912345678", "13912345678")]
    [InlineData("1234", "1234")]
    [InlineData("123", null)]
    [InlineData("12a4", null)]
    [InlineData("123456789012345678901234567890123", null)] // 33 digits: longer than a key, the trigram index answers
    public void Only_terms_the_keys_can_answer_use_them(string normalized, string? expected) =>
        Assert.Equal(expected, SearchKeys.TermOf(normalized));
}
