using Rapport.Core.Customers;

namespace Rapport.Core.ServiceDesk;

/// <summary>An assignment rule: its conditions (all optional, all must hold) and its action (a queue and a method).</summary>
public sealed record AssignmentRuleInput(string? Name, Guid? QueueId, AssignmentMethod Method = AssignmentMethod.None, Guid? CategoryId = null,
    CasePriority? Priority = null, ValueTier? Tier = null, CaseChannel? Channel = null, List<string>? Keywords = null, bool Active = true);

public sealed record AssignmentRuleDto(Guid Id, int Position, string Name, bool Active, Guid? CategoryId, CasePriority? Priority, ValueTier? Tier,
    CaseChannel? Channel, IReadOnlyList<string> Keywords, Guid QueueId, string? QueueName, AssignmentMethod Method, long Version);

/// <summary>Where a rule goes in the order (0: first; past the end: last).</summary>
public sealed record AssignmentRuleMoveInput(int Position);

/// <summary>What applying the rules to the unassigned cases did: how many active cases without an owner were looked at,
/// and how many a rule routed.</summary>
public sealed record AssignmentApplyResult(int Examined, int Assigned);
