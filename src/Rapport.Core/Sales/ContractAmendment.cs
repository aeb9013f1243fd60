namespace Rapport.Core.Sales;

/// <summary>A change to the terms of an active (signed) contract, kept as its history: what changed from what to what,
/// why, from when, and who made it. A draft is edited freely; once signed, every change is an amendment.</summary>
public sealed class ContractAmendment
{
    public const int ReasonMax = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ContractId { get; init; }
    public Contract? Contract { get; init; }
    /// <summary>1 for the contract's first amendment, then 2, 3 …</summary>
    public int Sequence { get; init; }
    public DateOnly EffectiveDate { get; init; }
    public required string Reason { get; init; }
    /// <summary>The changed terms as JSON: a list of <see cref="ContractChange"/>.</summary>
    public required string Changes { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? CreatedById { get; init; }
}
