using Rapport.Core.Customers;

namespace Rapport.Core.Marketing.Classification;

/// <summary>A customer's computed classification: the RFM figures and scores the nightly job writes set-based, the
/// behaviour, and the overrides a user set (each sticks until cleared; the job leaves that field alone). The effective
/// tier and stage live on the customer (<see cref="Customer.Tier"/>, <see cref="Customer.Stage"/>).</summary>
public sealed class CustomerClassification
{
    public Guid CustomerId { get; init; }
    public Customer? Customer { get; init; }
    /// <summary>When the customer last bought (latest order not cancelled, or payment).</summary>
    public DateTime? LastPurchaseAt { get; set; }
    /// <summary>The latest interaction or purchase.</summary>
    public DateTime? LastActivityAt { get; set; }
    /// <summary>Orders (not cancelled) in the RFM window.</summary>
    public int Frequency { get; set; }
    /// <summary>Their total in the company currency, minor units.</summary>
    public long MonetaryMinor { get; set; }
    /// <summary>1–5 each (0: never bought).</summary>
    public int RecencyScore { get; set; }
    public int FrequencyScore { get; set; }
    public int MonetaryScore { get; set; }
    public ValueTier? ComputedTier { get; set; }
    public CustomerBehaviour? ComputedBehaviour { get; set; }
    public LifecycleStage? ComputedStage { get; set; }
    /// <summary>The effective behaviour: the override, else the computed one.</summary>
    public CustomerBehaviour Behaviour { get; set; } = CustomerBehaviour.Potential;
    public ValueTier? TierOverride { get; set; }
    public LifecycleStage? StageOverride { get; set; }
    public CustomerBehaviour? BehaviourOverride { get; set; }
    /// <summary>When a run last changed the computed tier, behaviour or stage (a run that changes nothing does not write
    /// the row: on PostgreSQL each write is a new row version).</summary>
    public DateTime? ComputedAt { get; set; }
}
