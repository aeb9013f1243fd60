namespace Rapport.Core.Access;

/// <summary>A department or team. Teams nest: a department holds teams, a team may hold sub-teams.</summary>
public sealed class Team
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Guid? ParentId { get; set; }
    /// <summary>The ids from the root down to this team, each followed by '/': "a/b/". A team's subtree is every
    /// team whose path starts with this one, so "my team and the teams below it" is one indexed prefix query.</summary>
    public string Path { get; set; } = "";
    /// <summary>The team's lead: told when a case in the team's queue escalates to them.</summary>
    public Guid? LeadId { get; set; }
    public DateTime CreatedAt { get; init; }
}
