using Rapport.Core.Customers;

namespace Rapport.Core.Tests.Customers;

public sealed class NumberPatternTests
{
    private static readonly DateTime March7th2025 = new(2025, 3, 7, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ParsePattern_renders_the_default_pattern_with_year_and_zero_padded_counter()
    {
        var (_, format) = NumberPattern.Parse(new CustomerOptions().NumberPattern, March7th2025);

        Assert.Equal("C-2025-00001", format(1));
        Assert.Equal("C-2025-00042", format(42));
    }

    [Theory]
    [InlineData("{yy}{MM}{dd}/{yyyy}-{seq:000}", 7, "250307/2025-007")] // every date token
    [InlineData("C{seq:00}", 123, "C123")]                              // the counter grows past its padding
    [InlineData("N{seq}", 5, "N5")]                                     // no padding: the bare counter
    public void ParsePattern_renders_date_tokens_and_the_counter(string pattern, long counter, string expected)
    {
        var (_, format) = NumberPattern.Parse(pattern, March7th2025);

        Assert.Equal(expected, format(counter));
    }

    [Fact]
    public void ParsePattern_key_is_the_same_throughout_a_year_so_numbering_continues()
    {
        var (january, _) = NumberPattern.Parse("C-{yyyy}-{seq:00000}", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var (december, _) = NumberPattern.Parse("C-{yyyy}-{seq:00000}", new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc));

        Assert.Equal(january, december);
    }

    [Fact]
    public void ParsePattern_key_changes_with_the_year_so_numbering_restarts()
    {
        var (y2025, _) = NumberPattern.Parse("C-{yyyy}-{seq:00000}", new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc));
        var (y2026, _) = NumberPattern.Parse("C-{yyyy}-{seq:00000}", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.NotEqual(y2025, y2026);
    }

    [Fact]
    public void ParsePattern_key_does_not_depend_on_the_counter_padding()
    {
        // The key is the text around the counter; only that decides when numbering restarts.
        var (padded, _) = NumberPattern.Parse("C-{yyyy}-{seq:00000}", March7th2025);
        var (bare, _) = NumberPattern.Parse("C-{yyyy}-{seq}", March7th2025);

        Assert.Equal(padded, bare);
    }

    [Fact]
    public void ParsePattern_rejects_a_pattern_without_a_counter()
    {
        Assert.Throws<InvalidOperationException>(() => NumberPattern.Parse("C-{yyyy}", March7th2025));
    }

    [Theory]
    [InlineData("C-{seq:#####}")]
    [InlineData("C-{seq:5}")]
    [InlineData("C-{seq")]
    public void ParsePattern_rejects_a_malformed_counter_token_that_would_give_every_customer_the_same_number(string pattern)
    {
        Assert.Throws<InvalidOperationException>(() => NumberPattern.Parse(pattern, March7th2025));
    }
}
