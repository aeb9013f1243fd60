using Rapport.Core.Customers;

namespace Rapport.Core.Marketing.Classification;

/// <summary>A customer's classification as the customer page shows it: effective values, overrides and RFM figures.</summary>
public sealed record CustomerClassificationDto(Guid CustomerId, ValueTier Tier, LifecycleStage Stage, CustomerBehaviour? Behaviour,
    ValueTier? TierOverride, LifecycleStage? StageOverride, CustomerBehaviour? BehaviourOverride,
    int RecencyScore, int FrequencyScore, int MonetaryScore, DateTime? LastPurchaseAt, int Frequency, decimal Monetary, string Currency,
    DateTime? ComputedAt);

/// <summary>The overrides to keep (each sticks until cleared with null); the job leaves an overridden field alone.</summary>
public sealed record ClassificationOverrideInput(ValueTier? Tier = null, LifecycleStage? Stage = null, CustomerBehaviour? Behaviour = null);

/// <summary>One change in a customer's classification history.</summary>
public sealed record ClassificationChangeDto(long Id, string Field, string? From, string? To, DateTime At, Guid? ById, string? ByName, bool Manual);

/// <summary>What a recomputation did and how long it took: the customers whose figures (purchases, activity) were new
/// or changed and so were written, and the classification changes kept as history. A night with nothing new writes
/// neither.</summary>
public sealed record ClassificationRunDto(int Customers, int Changes, long Milliseconds);
