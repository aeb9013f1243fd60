using Rapport.Core.Customers;

namespace Rapport.Core.ServiceDesk;

/// <summary>How a matching rule picks the owner among the queue's active members.</summary>
public enum AssignmentMethod
{
    /// <summary>The queue only: the case waits there unassigned.</summary>
    None,
    /// <summary>Each member in turn (by name, then id).</summary>
    RoundRobin,
    /// <summary>The member with the fewest active cases (ties by name, then id).</summary>
    LeastOpen,
}

/// <summary>An ordered routing rule of the service desk: when a new case meets every condition it sets (category or one
/// below it, priority, customer tier, channel, any keyword in subject or description), the case goes to the rule's queue
/// and, by its method, to one of the queue's active members. The first matching active rule wins.</summary>
public sealed class AssignmentRule : AuditedEntity
{
    public const int NameMax = 100;
    public const int KeywordMax = 100;
    public const int KeywordsMax = 50;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Position in the rule order (lowest first).</summary>
    public int Sort { get; set; }
    public bool Active { get; set; } = true;
    public Guid? CategoryId { get; set; }
    public CasePriority? Priority { get; set; }
    public ValueTier? Tier { get; set; }
    public CaseChannel? Channel { get; set; }
    /// <summary>Any of these in the subject or description (case-insensitive); none: no keyword condition.</summary>
    public List<string> Keywords { get; set; } = [];
    /// <summary>The team whose queue receives the case.</summary>
    public Guid QueueId { get; set; }
    public AssignmentMethod Method { get; set; }
    /// <summary>The round-robin turn: advanced only by a conditional UPDATE (<see cref="CaseRouting"/>), never by a tracked
    /// save, so concurrent creations take different turns and editing the rule does not reset it.</summary>
    public long RoundRobinNext { get; private set; }

    /// <summary>Whether a case with these facts meets every condition the rule sets.</summary>
    public bool Matches(CaseFacts facts) =>
        Active
        && (CategoryId is not { } category || facts.Categories.Contains(category))
        && (Priority is not { } priority || priority == facts.Priority)
        && (Tier is not { } tier || tier == facts.Tier)
        && (Channel is not { } channel || channel == facts.Channel)
        && (Keywords.Count == 0 || Keywords.Any(k => facts.Text.Contains(CaseFacts.Fold(k), StringComparison.OrdinalIgnoreCase)));
}

/// <summary>What assignment rules look at in a case: its category with the categories above it, priority, the customer's
/// tier, channel, and subject + description folded (NFKC, so full-width letters typed with a Chinese IME match too).</summary>
public sealed record CaseFacts(IReadOnlySet<Guid> Categories, CasePriority Priority, ValueTier Tier, CaseChannel Channel, string Text)
{
    public static string Fold(string text) => text.Normalize(NormalizationForm.FormKC);
}
