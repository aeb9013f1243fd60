namespace Rapport.Core.Reports;

/// <summary>A saved report: its definition (JSON of a <see cref="ReportDefinition"/>), the folder it is filed in, its
/// owner and whom it is shared with. Sharing gives the definition, never data: everyone who runs it sees the figures
/// of their own record scope.</summary>
public sealed class Report : SharedDefinition<ReportShare>
{
    public const int NameMax = 200, FolderMax = 100, DefinitionMax = 8000;

    public required string Name { get; set; }
    public string? Folder { get; set; }
    public required string Definition { get; set; }

    protected override ReportShare Grant(ReportShareDto share) => new() { ReportId = Id, Kind = share.Kind, Target = share.Target, Access = share.Access };
}

public enum ShareKind { User, Role, Team }

public enum ReportAccess { View, Edit }

/// <summary>One grant on a report: a user (id), a role (name) or a team (id), to view or to edit it.</summary>
public sealed class ReportShare : ShareGrant
{
    public Guid ReportId { get; init; }
}
