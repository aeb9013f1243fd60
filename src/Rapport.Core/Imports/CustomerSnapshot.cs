using Rapport.Core.Customers;

namespace Rapport.Core.Imports;

/// <summary>A customer as an import found it before updating it: every column the import can change, with the
/// sensitive values as their stored ciphers (never in the clear), so an undo puts back exactly what was there.</summary>
public sealed record CustomerSnapshot(
    string Name, CustomerKind Kind, string? Industry, string? Source, Guid? OwnerId, ValueTier Tier, LifecycleStage Stage, string? Notes,
    List<Address> Addresses, List<CustomerSnapshot.Channel> Channels, List<string> Tags,
    string? NationalIdCipher, string? NationalIdBlindIndex, string? BankAccountCipher, string? BankAccountBlindIndex, string? DateOfBirthCipher, string? PiiKeyId)
{
    public sealed record Channel(ChannelKind Kind, string Value, string? Label, bool IsPrimary);

    public static CustomerSnapshot Of(Customer c) => new(
        c.Name, c.Kind, c.Industry, c.Source, c.OwnerId, c.Tier, c.Stage, c.Notes,
        [.. c.Addresses.Select(a => new Address { Label = a.Label, Country = a.Country, Region = a.Region, City = a.City, Street = a.Street, Postcode = a.Postcode })],
        [.. c.Channels.Select(x => new Channel(x.Kind, x.Value, x.Label, x.IsPrimary))],
        [.. c.Tags.Select(t => t.Name)],
        c.NationalIdCipher, c.NationalIdBlindIndex, c.BankAccountCipher, c.BankAccountBlindIndex, c.DateOfBirthCipher, c.PiiKeyId);

    public void RestoreTo(Customer c)
    {
        c.Name = Name;
        c.Kind = Kind;
        c.Industry = Industry;
        c.Source = Source;
        c.OwnerId = OwnerId;
        c.Tier = Tier;
        c.Stage = Stage;
        c.Notes = Notes;
        c.Addresses = [.. Addresses];
        c.ReplaceChannels(Channels.Select(x => new CustomerChannel { CustomerId = c.Id, Kind = x.Kind, Value = x.Value, Label = x.Label, IsPrimary = x.IsPrimary }));
        c.ReplaceTags(Tags);
        c.NationalIdCipher = NationalIdCipher;
        c.NationalIdBlindIndex = NationalIdBlindIndex;
        c.BankAccountCipher = BankAccountCipher;
        c.BankAccountBlindIndex = BankAccountBlindIndex;
        c.DateOfBirthCipher = DateOfBirthCipher;
        c.PiiKeyId = PiiKeyId;
    }

    /// <summary>The customer as the request that would recreate it (sensitive values left out: an import does not change them).</summary>
    public static CustomerInput InputOf(Customer c) => new()
    {
        Name = c.Name, Kind = c.Kind,
        Phones = [.. c.Channels.Where(x => x.Kind == ChannelKind.Phone).OrderByDescending(x => x.IsPrimary).Select(x => x.Value)],
        Emails = [.. c.Channels.Where(x => x.Kind == ChannelKind.Email).OrderByDescending(x => x.IsPrimary).Select(x => x.Value)],
        Ims = [.. c.Channels.Where(x => x.Kind == ChannelKind.Im).OrderByDescending(x => x.IsPrimary).Select(x => x.Value)],
        Addresses = [.. c.Addresses.Select(a => new AddressDto(a.Country, a.City, a.Region, a.Street, a.Postcode, a.Label))],
        Industry = c.Industry, Source = c.Source, OwnerId = c.OwnerId, Tier = c.Tier, Stage = c.Stage,
        Tags = [.. c.Tags.Select(t => t.Name)], Notes = c.Notes,
    };
}
