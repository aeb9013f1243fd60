namespace Rapport.Core.Reports;

/// <summary>A saved report: its definition (JSON of a <see cref="ReportDefinition"/>), the folder it is filed in, its
/// owner and whom it is shared with. Sharing gives the definition, never data: everyone who runs it sees the figures
/// of their own record scope.</summary>
public sealed class Report : Common.AuditedEntity, ISharedDefinition
{
    public const int NameMax = 200, FolderMax = 100, DefinitionMax = 8000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Folder { get; set; }
    public required string Definition { get; set; }
    public Guid OwnerId { get; init; }
    public List<ReportShare> Shares { get; init; } = [];
    IReadOnlyCollection<IShareGrant> ISharedDefinition.Grants => Shares;

    /// <summary>Replaces the sharing with <paramref name="shares"/>, keeping the rows that did not change.</summary>
    public void ShareWith(IReadOnlyList<ReportShareDto> shares) =>
        Sharing.Replace(Shares, shares, n => new ReportShare { ReportId = Id, Kind = n.Kind, Target = n.Target, Access = n.Access });
}

public enum ShareKind { User, Role, Team }

public enum ReportAccess { View, Edit }

/// <summary>One grant on a report: a user (id), a role (name) or a team (id), to view or to edit it.</summary>
public sealed class ReportShare : Common.IShareGrant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ReportId { get; init; }
    public ShareKind Kind { get; init; }
    public required string Target { get; init; }
    public ReportAccess Access { get; init; }
}
