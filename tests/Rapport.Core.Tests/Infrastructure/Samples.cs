using Rapport.Core.Customers;

namespace Rapport.Core.Tests.Infrastructure;

/// <summary>A valid customer request; tests change only the part they are about.</summary>
internal static class Samples
{
    public static CustomerInput Customer(string name = "Acme Ltd", string? phone = "13800138000", string? email = "buyer@example.com") => new()
    {
        Name = name,
        Phones = phone is null ? [] : [phone],
        Emails = email is null ? [] : [email],
        Addresses = [new AddressDto("China", "Shanghai", Street: "1 Century Ave")],
    };
}
