namespace Rapport.Core.Tests.Common;

public sealed class KeysetTests
{
    [Fact]
    public void ClampPageSize_uses_fifty_when_no_size_is_asked_for()
    {
        Assert.Equal(50, Keyset.ClampPageSize(null));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(200)]
    public void ClampPageSize_accepts_sizes_from_one_to_two_hundred(int size)
    {
        Assert.Equal(size, Keyset.ClampPageSize(size));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    public void ClampPageSize_rejects_sizes_outside_one_to_two_hundred(int size)
    {
        var e = Assert.Throws<RapportValidationException>(() => Keyset.ClampPageSize(size));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("limit", "Validation.PageSize"), (error.Field, error.Code));
        Assert.Equal(new object[] { 1, 200 }, error.Args);
    }

    [Fact]
    public void Cursor_round_trips_a_utc_timestamp_and_id()
    {
        var key = new DateTime(2025, 3, 7, 10, 11, 12, DateTimeKind.Utc).AddTicks(1234567);
        var id = Guid.NewGuid();

        var (k, i) = Keyset.Decode<DateTime>(Keyset.Encode(key, id));

        Assert.Equal(key, k);
        Assert.Equal(DateTimeKind.Utc, k.Kind);
        Assert.Equal(id, i);
    }

    [Theory]
    [InlineData("Acme Ltd")]
    [InlineData("上海贸易有限公司")]
    [InlineData("quotes \" and slashes / \\ ??>>")]
    public void Cursor_round_trips_a_string_key(string key)
    {
        var id = Guid.NewGuid();

        var (k, i) = Keyset.Decode<string>(Keyset.Encode(key, id));

        Assert.Equal((key, id), (k, i));
    }

    [Theory]
    [InlineData("~~~~~~ ??????")] // "~~~" is "fn5+" and "???" is "Pz8/" in plain base64
    [InlineData("~~~~~~ ?????? x")]
    [InlineData("~~~~~~ ?????? xy")]
    public void Cursor_is_url_safe(string key)
    {
        var cursor = Keyset.Encode(key, Guid.NewGuid());

        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
        Assert.Contains('-', cursor);
        Assert.Contains('_', cursor);
        Assert.Equal(key, Keyset.Decode<string>(cursor).Key);
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("abcde")]
    [InlineData("bnVsbA")] // "null"
    [InlineData("eyJLIjoiYSJ9")] // {"K":"a"}: no id
    public void Decode_rejects_a_garbled_cursor_as_a_validation_error(string cursor)
    {
        var e = Assert.Throws<RapportValidationException>(() => Keyset.Decode<string>(cursor));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("cursor", "Validation.Cursor"), (error.Field, error.Code));
    }

    [Fact]
    public void Decode_rejects_a_cursor_made_for_another_key_type()
    {
        var nameCursor = Keyset.Encode("Acme", Guid.NewGuid());

        var e = Assert.Throws<RapportValidationException>(() => Keyset.Decode<DateTime>(nameCursor));

        Assert.Equal("cursor", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void Cut_returns_all_rows_and_no_cursor_when_nothing_follows()
    {
        var rows = Rows(3);

        var (items, next) = Keyset.Cut(rows, 3, r => r.Name, r => r.Id);

        Assert.Equal(3, items.Count);
        Assert.Null(next);
    }

    [Fact]
    public void Cut_drops_the_look_ahead_row_and_points_the_cursor_at_the_last_kept_row()
    {
        var rows = Rows(4);
        var lastKept = rows[2];

        var (items, next) = Keyset.Cut(rows, 3, r => r.Name, r => r.Id);

        Assert.Equal(["row0", "row1", "row2"], items.Select(r => r.Name));
        Assert.NotNull(next);
        Assert.Equal((lastKept.Name, lastKept.Id), Keyset.Decode<string>(next));
    }

    private sealed record Row(string Name, Guid Id);

    private static List<Row> Rows(int n) => Enumerable.Range(0, n).Select(i => new Row($"row{i}", Guid.NewGuid())).ToList();
}
