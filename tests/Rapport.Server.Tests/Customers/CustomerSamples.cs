using Rapport.Core.Customers;

namespace Rapport.Server.Tests.Customers;

/// <summary>Builders for valid request bodies; tests change only what they are about.</summary>
public static class CustomerSamples
{
    private static int _n;

    public static CustomerInput Valid(string? name = null, string? tag = null, string? phone = null, string? email = null)
    {
        var n = Interlocked.Increment(ref _n);
        return new CustomerInput
        {
            Name = name ?? $"Acme {n} Ltd",
            Kind = CustomerKind.Company,
            Phones = [phone ?? $"+1 650 253 {n % 10000:0000}"],
            Emails = [email ?? $"buyer{n}.{Guid.NewGuid():N}@example.com"],
            Addresses = [new AddressDto("United States", "Mountain View", "CA", "1600 Amphitheatre Pkwy", "94043")],
            Tags = tag is null ? [] : [tag],
        };
    }
}
