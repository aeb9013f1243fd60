namespace Rapport.Core.Quality;

/// <summary>One merge of a duplicate record (the loser) into another of the same <see cref="Kind"/> (the survivor):
/// what the survivor's fields were before and which child rows moved, so the merge can be undone within the recycle
/// bin's retention. The name is the customer merge's, which came first: it is the API's schema name
/// (<see cref="CustomerMergeDto"/>) and a contact or lead merge is the same record with another kind.</summary>
public sealed class CustomerMerge : AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DuplicateKind Kind { get; init; }
    public Guid SurvivorId { get; init; }
    public Guid LoserId { get; init; }
    /// <summary>The fields taken from the loser.</summary>
    public required string Taken { get; init; }
    /// <summary>JSON: the survivor's values of those fields before the merge.</summary>
    public required string SurvivorBefore { get; init; }
    /// <summary>JSON: what undo needs of the loser that the merge does not keep elsewhere — a contact's whole record (the
    /// merged-away contact is deleted), a lead's status before it was closed. Null for customers (the loser waits in the
    /// recycle bin).</summary>
    public string? LoserBefore { get; init; }
    /// <summary>JSON: per child kind, the keys of the rows that moved from the loser to the survivor.</summary>
    public required string Moved { get; init; }
    public DateTime? UndoneAt { get; private set; }
    public Guid? UndoneById { get; private set; }
    /// <summary>When a subject erasure reached this merge (either record was the subject's): <see cref="SurvivorBefore"/>
    /// and <see cref="LoserBefore"/> were cleared then (set-based, by <c>SubjectErasure</c>), so the merge can no longer be
    /// undone — an undo would bring erased data back.</summary>
    public DateTime? ErasedAt { get; private set; }

    /// <summary>What <see cref="SurvivorBefore"/> holds once erased: no field of anyone.</summary>
    public const string ErasedImage = "{}";

    public void Undo(DateTime now, Guid? by)
    {
        if (UndoneAt is not null) throw RapportValidationException.For("merge", "Quality.MergeUndone");
        UndoneAt = now;
        UndoneById = by;
    }
}
