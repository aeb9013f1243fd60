namespace Rapport.Server.Tests.Customers;

/// <summary>Builders for valid request bodies; tests change only what they are about.</summary>
public static class CustomerSamples
{
    private static int _n;
    private static long _mobile = Random.Shared.NextInt64(10_000_000, 50_000_000);

    public static CustomerInput Valid(string? name = null, string? tag = null, string? phone = null, string? email = null)
    {
        var n = Interlocked.Increment(ref _n);
        return new CustomerInput
        {
            Name = name ?? $"Acme {n} Ltd",
            Kind = CustomerKind.Company,
            Phones = [phone ?? $"+1 650 4{n / 10000 % 100:00} {n % 10000:0000}"], // tests that pick a number use 253-xxxx
            Emails = [email ?? $"buyer{n}.{Guid.NewGuid():N}@example.com"],
            Addresses = [new AddressDto("United States", "Mountain View", "CA", "1600 Amphitheatre Pkwy", "94043")],
            Tags = tag is null ? [] : [tag],
        };
    }

    /// <summary>A valid mainland China mobile number (11 digits, 139 prefix) not handed out before in this run.</summary>
    public static string ChinaMobile() => $"139{Interlocked.Increment(ref _mobile) % 100_000_000:00000000}";

    /// <summary>A fresh tag, so tests sharing a database see only their own customers.</summary>
    public static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..12];
}
