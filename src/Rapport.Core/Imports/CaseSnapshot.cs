using Rapport.Core.ServiceDesk;

namespace Rapport.Core.Imports;

/// <summary>A case as an import found it before updating it: every column the import (or the status move it makes) can
/// change, and its tags, so an undo puts back exactly what was there.</summary>
public sealed record CaseSnapshot(
    string Subject, string? Description, CaseType Type, CaseChannel Channel, CasePriority Priority, Guid? ContactId, Guid? CategoryId,
    Guid? OwnerId, CaseStatus Status, DateTime? ResolvedAt, DateTime? ClosedAt, string? ResolutionNote, DateTime? PausedAt, List<string> Tags)
{
    public static CaseSnapshot Of(Case c) => new(
        c.Subject, c.Description, c.Type, c.Channel, c.Priority, c.ContactId, c.CategoryId, c.OwnerId, c.Status, c.ResolvedAt, c.ClosedAt,
        c.ResolutionNote, c.PausedAt, [.. c.Tags.Select(t => t.Name)]);

    public void RestoreTo(Case c)
    {
        (c.Subject, c.Description, c.Type, c.Channel, c.Priority) = (Subject, Description, Type, Channel, Priority);
        (c.ContactId, c.CategoryId, c.OwnerId) = (ContactId, CategoryId, OwnerId);
        c.ReturnTo(Status, ResolvedAt, ClosedAt, ResolutionNote, PausedAt);
        c.ReplaceTags(Tags);
    }
}
