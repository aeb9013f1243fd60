namespace Rapport.Core.Reports;

/// <summary>An analysis document (M 4.5): a title, the text sections (Markdown) and the saved or standard reports whose
/// tables and charts fill its Results section when it is exported. Shared like reports: the text and the choice of
/// reports are shared, never figures — each reader's export runs the reports in their own record scope.</summary>
public sealed class AnalysisDocument : SharedDefinition<AnalysisDocumentShare>
{
    public const int TitleMax = 200, SectionMax = 20000, ReportsMax = 2000, MaxReports = 20;

    public required string Title { get; set; }
    public string? Summary { get; set; }
    public string? Background { get; set; }
    public string? Issues { get; set; }
    public string? Recommendations { get; set; }
    public string? Conclusion { get; set; }

    /// <summary>The ids of the reports shown under Results, in order (JSON).</summary>
    public required string Reports { get; set; }

    protected override AnalysisDocumentShare Grant(ReportShareDto share) => new() { DocumentId = Id, Kind = share.Kind, Target = share.Target, Access = share.Access };
}

/// <summary>One grant on an analysis document: a user (id), a role (name) or a team (id), to view or to edit it.</summary>
public sealed class AnalysisDocumentShare : ShareGrant
{
    public Guid DocumentId { get; init; }
}
