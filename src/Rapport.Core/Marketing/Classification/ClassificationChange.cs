namespace Rapport.Core.Marketing.Classification;

/// <summary>One change of a customer's tier, stage or behaviour: from, to, when, and by whom (a user's override, or
/// the nightly job when <see cref="ById"/> is null). Written set-based by the recomputation.</summary>
public sealed class ClassificationChange
{
    public const int ValueMax = 20;

    public long Id { get; init; }
    public Guid CustomerId { get; init; }
    public Customers.Customer? Customer { get; init; }
    /// <summary>tier, stage or behaviour.</summary>
    public required string Field { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public DateTime At { get; init; }
    public Guid? ById { get; init; }
    /// <summary>Whether a user's override made it (else the computation).</summary>
    public bool Manual { get; init; }
}
