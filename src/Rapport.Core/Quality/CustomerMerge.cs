namespace Rapport.Core.Quality;

/// <summary>One merge of a duplicate customer (the loser) into another (the survivor): what the survivor's fields
/// were before and which child rows moved, so the merge can be undone while the loser is still in the recycle bin.</summary>
public sealed class CustomerMerge : AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid SurvivorId { get; init; }
    public Guid LoserId { get; init; }
    /// <summary>The fields taken from the loser.</summary>
    public required string Taken { get; init; }
    /// <summary>JSON: the survivor's values of those fields before the merge.</summary>
    public required string SurvivorBefore { get; init; }
    /// <summary>JSON: per child kind, the keys of the rows that moved from the loser to the survivor.</summary>
    public required string Moved { get; init; }
    public DateTime? UndoneAt { get; private set; }
    public Guid? UndoneById { get; private set; }

    public void Undo(DateTime now, Guid? by)
    {
        if (UndoneAt is not null) throw RapportValidationException.For("merge", "Quality.MergeUndone");
        UndoneAt = now;
        UndoneById = by;
    }
}
