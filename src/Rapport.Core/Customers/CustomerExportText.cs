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
        Country = 10, Region = 11, City = 12, Street = 13, Postcode = 14, Channels = 15, Tags = 16,
        NationalIdCipher = 17, BankAccountCipher = 18, DateOfBirthCipher = 19, Count = 20;

    /// <summary>The fields joined by <paramref name="separator"/>, in the database (SQL <c>concat_ws</c>, on SQLite and
    /// PostgreSQL alike): one string built in one pass, where a chain of <c>||</c> copies the string so far for every
    /// value (with twenty values, that doubled what SQLite spent on a page). <c>concat_ws</c> leaves a null out,
    /// separator and all, so every value must be given (an empty string for a missing one). Only in a query.</summary>
    public static string Join(string separator, string id, string number, string name, string kind, string owner, string tier, string stage,
        string industry, string source, string notes, string country, string region, string city, string street, string postcode,
        string channels, string tags, string nationalIdCipher, string bankAccountCipher, string dateOfBirthCipher) => throw new InvalidOperationException("CustomerExportText.Join runs in the database only.");

    /// <summary>Maps <see cref="Join"/> to <c>concat_ws</c>.</summary>
    internal static void MapJoin(ModelBuilder builder) =>
        builder.HasDbFunction(typeof(CustomerExportText).GetMethod(nameof(Join))!)
            .HasTranslation(args => new SqlFunctionExpression("concat_ws", args, nullable: false,
                argumentsPropagateNullability: args.Select(_ => false), typeof(string), null));

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
        var (country, region, city) = (Value(text, at[Country]), Value(text, at[Region]), Value(text, at[City]));
        var (street, postcode) = (Value(text, at[Street]), Value(text, at[Postcode]));
        var address = country is null && region is null && city is null && street is null && postcode is null
            ? null
            : new AddressDto(country, city, region, street, postcode);
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
