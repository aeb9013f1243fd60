namespace Rapport.Core.Quality;

/// <summary>Merge <see cref="LoserId"/> into the record named in the route (a customer, contact or lead).
/// <see cref="TakeFromLoser"/> lists the fields whose value the loser keeps (<see cref="MergeService.Fields"/>,
/// <see cref="MergeService.ContactFields"/>, <see cref="MergeService.LeadFields"/>); the survivor keeps the others. A
/// customer's phones, emails and tags are united and its contacts, interactions, deals, quotes, orders, invoices,
/// contracts, cases and consents move; a contact's phones and emails are united and the interactions, deals, cases,
/// consents and leads that name it move; a lead's activities move. <see cref="LoserVersion"/>, when given, must be the
/// loser's current version (else 412).</summary>
public sealed record MergeInput(Guid LoserId, long? LoserVersion = null, IReadOnlyList<string>? TakeFromLoser = null);

/// <summary>A merge: of which kind (<c>customer</c>, <c>contact</c>, <c>lead</c>), who survived, who was merged away,
/// how many rows of each kind moved.</summary>
public sealed record CustomerMergeDto(
    Guid Id, Guid SurvivorId, Guid LoserId, IReadOnlyList<string> Taken, IReadOnlyDictionary<string, int> Moved,
    DateTime CreatedAt, Guid? CreatedById, DateTime? UndoneAt, long Version, DuplicateKind Kind = DuplicateKind.Customer)
{
    /// <summary>When a subject erasure cleared what the merge kept of either record: it can no longer be undone.</summary>
    public DateTime? ErasedAt { get; init; }
}
