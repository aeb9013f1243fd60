namespace Rapport.Core.Customers;

/// <summary>A postal address; stored as JSON on the customer row.</summary>
public sealed class Address
{
    public string? Label { get; set; }
    public required string Country { get; set; }
    public string? Region { get; set; }
    public string? City { get; set; }
    public string? Street { get; set; }
    public string? Postcode { get; set; }
}
