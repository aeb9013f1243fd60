using System.Buffers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Rapport.Core.Privacy;

namespace Rapport.Core.Customers;

/// <summary>A customer as the export's query writes it (<see cref="CustomerService.ReadPartAsync"/>): every value but the
/// creation time in one text column (the encrypted ones as stored, or empty when the export leaves them out), the fields split by <see cref="FieldSeparator"/>, the
/// channels and the tags each a list split by <see cref="ListSeparator"/>. No stored value holds a control character
/// (<see cref="SafeText"/>), so neither separator occurs in one.</summary>
internal static class CustomerExportText
{
    public const string FieldSeparator = "\u001e";
    public const string ListSeparator = "\u001f";

    /// <summary>The fields, in the order the query writes them.</summary>
    public const int Id = 0, Number = 1, Name = 2, Kind = 3, Owner = 4, Tier = 5, Stage = 6, Industry = 7, Source = 8, Notes = 9,
        Address = 10, Channels = 11, Tags = 12, NationalIdCipher = 13, BankAccountCipher = 14, DateOfBirthCipher = 15, Count = 16;

    /// <summary>The fields joined by <paramref name="separator"/>, in the database (SQL <c>concat_ws</c>, on SQLite and
    /// PostgreSQL alike): one string built in one pass, where a chain of <c>||</c> copies the string so far for every
    /// value (with twenty values, that doubled what SQLite spent on a page). <c>concat_ws</c> leaves a null out,
    /// separator and all, so every value must be given (an empty string for a missing one). Only in a query.</summary>
    public static string Join(string separator, string id, string number, string name, string kind, string owner, string tier, string stage,
        string industry, string source, string notes, string address, string channels, string tags, string nationalIdCipher, string bankAccountCipher, string dateOfBirthCipher) => throw new InvalidOperationException("CustomerExportText.Join runs in the database only.");

    /// <summary>The first address of the customer whose <see cref="Customer.Id"/> is given, as <see cref="FirstAddress"/>
    /// reads it. On SQLite the addresses' JSON as stored (<c>[]</c> for none), parsed here: five JSON lookups into the
    /// column cost SQLite 2 µs a customer, three times what parsing the text here does. On PostgreSQL, whose lookups
    /// into a <c>jsonb</c> value are cheap, the address's five values joined by <see cref="ListSeparator"/>. Only in a
    /// query.</summary>
    public static string AddressText(Guid customerId) => throw new InvalidOperationException("CustomerExportText.AddressText runs in the database only.");

    private static readonly string[] AddressKeys =
        [nameof(Customers.Address.Country), nameof(Customers.Address.Region), nameof(Customers.Address.City), nameof(Customers.Address.Street), nameof(Customers.Address.Postcode)];

    /// <summary>Maps the export query's functions: <see cref="Join"/> to <c>concat_ws</c>, and <see cref="AddressText"/> to the addresses column of the
    /// row whose id it is given, as text on SQLite and split into its values on PostgreSQL.</summary>
    internal static void MapFunctions(ModelBuilder builder, bool postgres)
    {
        builder.HasDbFunction(typeof(CustomerExportText).GetMethod(nameof(Join))!)
            .HasTranslation(args => ConcatWs(args));
        builder.HasDbFunction(typeof(CustomerExportText).GetMethod(nameof(AddressText))!)
            .HasTranslation(args =>
            {
                var column = new ColumnExpression(nameof(Customer.Addresses), ((ColumnExpression)args[0]).TableAlias, typeof(string), Text, nullable: true);
                return postgres
                    ? ConcatWs([new SqlFragmentExpression("chr(31)"), ..AddressKeys.Select(key => Coalesce(new SqlFunctionExpression("jsonb_extract_path_text",
                        [column, new SqlFragmentExpression("'0'"), new SqlFragmentExpression($"'{key}'")], nullable: true,
                        argumentsPropagateNullability: [true, false, false], typeof(string), Text), "''"))])
                    : Coalesce(column, "'[]'");
            });

        static SqlExpression ConcatWs(IReadOnlyList<SqlExpression> args) => new SqlFunctionExpression("concat_ws", args, nullable: false,
            argumentsPropagateNullability: args.Select(_ => false), typeof(string), null);
        static SqlExpression Coalesce(SqlExpression value, string otherwise) => new SqlFunctionExpression("COALESCE",
            [value, new SqlFragmentExpression(otherwise)], nullable: false, argumentsPropagateNullability: [false, false], typeof(string), Text);
    }

    // What the SQL built above reads and writes (a type mapping only tells EF the expression's type; nothing is sent).
    private static readonly Microsoft.EntityFrameworkCore.Storage.StringTypeMapping Text = new("text", System.Data.DbType.String, unicode: true);

    /// <summary>One field of a customer's text.</summary>
    public static ReadOnlySpan<char> Field(string text, int index)
    {
        Span<Range> at = stackalloc Range[Count + 1];
        var span = text.AsSpan();
        var found = span.Split(at, FieldSeparator[0]);
        return index < found ? span[at[index]] : throw Malformed(span);
    }

    /// <summary>The export's row for a customer's text and its creation time, with its sensitive values decrypted when
    /// <paramref name="pii"/> is given, masked as <paramref name="mask"/> says.</summary>
    public static CustomerExportRow Row(string text, DateTime createdAt, SensitiveFields mask, PiiProtector? pii)
    {
        Span<Range> at = stackalloc Range[Count + 1];
        var span = text.AsSpan();
        if (span.Split(at, FieldSeparator[0]) != Count) throw Malformed(span);
        var address = FirstAddress(span[at[Address]]);
        var channels = new ChannelLists(Value(text, at[Channels]));
        var tags = Value(text, at[Tags]) is { } joined ? joined.Split(ListSeparator) : [];
        Array.Sort(tags, StringComparer.OrdinalIgnoreCase);
        var owner = span[at[Owner]];
        return new CustomerExportRow(text[at[Number]], text[at[Name]], Enum.Parse<CustomerKind>(span[at[Kind]]),
            mask.ApplyAll(SensitiveFields.Phones, channels.Phones), mask.ApplyAll(SensitiveFields.Emails, channels.Emails), channels.Ims,
            address, Value(text, at[Industry]), Value(text, at[Source]), owner.IsEmpty ? null : Guid.Parse(owner),
            Enum.Parse<ValueTier>(span[at[Tier]]), Enum.Parse<LifecycleStage>(span[at[Stage]]), tags, Value(text, at[Notes]), createdAt,
            pii is null ? null : mask.Apply(SensitiveFields.NationalId, pii.Unprotect(Value(text, at[NationalIdCipher]))),
            pii is null ? null : mask.Apply(SensitiveFields.BankAccount, pii.Unprotect(Value(text, at[BankAccountCipher]))),
            pii is null ? null : mask.ApplyDate(pii.Unprotect(Value(text, at[DateOfBirthCipher]))));

        // An empty field is a missing value (a file writes both alike).
        static string? Value(string text, Range field)
        {
            var (offset, length) = field.GetOffsetAndLength(text.Length);
            return length == 0 ? null : text.Substring(offset, length);
        }
    }

    /// <summary>The first address from <see cref="AddressText"/> (its label left out, an empty value read as a missing
    /// one), or null when there is none or it has no value: either its five values joined by <see cref="ListSeparator"/>,
    /// or the addresses' JSON (which writes a control character escaped, so never holds the separator).</summary>
    internal static AddressDto? FirstAddress(ReadOnlySpan<char> text)
    {
        if (text.Contains(ListSeparator[0])) return ListedAddress(text);
        return text.Length <= 2 ? null : JsonAddress(text); // [] is none
    }

    private static AddressDto? ListedAddress(ReadOnlySpan<char> text)
    {
        Span<Range> at = stackalloc Range[6];
        if (text.Split(at, ListSeparator[0]) != 5) throw Malformed(text);
        return AddressOf(Value(text[at[0]]), Value(text[at[1]]), Value(text[at[2]]), Value(text[at[3]]), Value(text[at[4]]));

        static string? Value(ReadOnlySpan<char> value) => value.IsEmpty ? null : value.ToString();
    }

    private static AddressDto? JsonAddress(ReadOnlySpan<char> json)
    {
        var size = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = size > 1024 ? ArrayPool<byte>.Shared.Rent(size) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[1024];
        try
        {
            var reader = new Utf8JsonReader(utf8[..Encoding.UTF8.GetBytes(json, utf8)]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray
                || !reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            string? country = null, region = null, city = null, street = null, postcode = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                var value = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 ? reader.GetString() : null;
                if (name.SequenceEqual("Country"u8)) country = value;
                else if (name.SequenceEqual("Region"u8)) region = value;
                else if (name.SequenceEqual("City"u8)) city = value;
                else if (name.SequenceEqual("Street"u8)) street = value;
                else if (name.SequenceEqual("Postcode"u8)) postcode = value;
                else reader.Skip();
            }
            return AddressOf(country, region, city, street, postcode);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static AddressDto? AddressOf(string? country, string? region, string? city, string? street, string? postcode) =>
        country is null && region is null && city is null && street is null && postcode is null
            ? null
            : new AddressDto(country, city, region, street, postcode);

    // Not a value a user can store (SafeText): an invariant guard, not a message for users.
    private static InvalidOperationException Malformed(ReadOnlySpan<char> text) =>
        new($"A customer's export text has a separator inside a value (customer {text[..Math.Min(36, text.Length)]}).");

    /// <summary>A customer's channels by kind, primary ones first, otherwise in the order read, from the list the
    /// export's query joins them into (each a primary flag, a kind letter and the value).</summary>
    private sealed class ChannelLists
    {
        public List<string> Phones { get; } = [];
        public List<string> Emails { get; } = [];
        public List<string> Ims { get; } = [];

        public ChannelLists(string? joined)
        {
            if (joined is null) return;
            Span<int> primaries = stackalloc int[3];
            foreach (var channel in joined.Split(ListSeparator))
            {
                if (channel.Length < 2) continue; // never stored (SafeText), but one bad value must not fail an export
                var (list, kind) = channel[1] switch { 'P' => (Phones, 0), 'E' => (Emails, 1), _ => (Ims, 2) };
                if (channel[0] == '1') list.Insert(primaries[kind]++, channel[2..]);
                else list.Add(channel[2..]);
            }
        }
    }
}
