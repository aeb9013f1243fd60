namespace Rapport.Core.Customers;

public sealed class CustomerTag
{
    public Guid CustomerId { get; init; }
    public required string Name { get; init; }
}
