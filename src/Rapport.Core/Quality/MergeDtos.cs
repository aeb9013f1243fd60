namespace Rapport.Core.Quality;

/// <summary>Merge <see cref="LoserId"/> into the customer named in the route. <see cref="TakeFromLoser"/> lists the
/// fields whose value the loser keeps (<see cref="MergeService.Fields"/>); the survivor keeps the others. Phones,
/// emails and tags are united; contacts, interactions, deals, quotes, orders, invoices, contracts, cases and consents
/// move. <see cref="LoserVersion"/>, when given, must be the loser's current version (else 412).</summary>
public sealed record MergeInput(Guid LoserId, long? LoserVersion = null, IReadOnlyList<string>? TakeFromLoser = null);

/// <summary>A merge: who survived, who went to the recycle bin, how many rows of each kind moved.</summary>
public sealed record CustomerMergeDto(
    Guid Id, Guid SurvivorId, Guid LoserId, IReadOnlyList<string> Taken, IReadOnlyDictionary<string, int> Moved,
    DateTime CreatedAt, Guid? CreatedById, DateTime? UndoneAt, long Version);
