using System.ComponentModel.DataAnnotations;

namespace Rapport.Core.Reports;

/// <summary>An analysis document to save: its title, the text sections (plain text or Markdown), the reports shown
/// under Results (saved or standard, in order) and (for its owner) whom it is shared with.</summary>
public sealed record AnalysisDocumentInput(
    [property: Required, MaxLength(AnalysisDocument.TitleMax)] string Title,
    [property: MaxLength(AnalysisDocument.SectionMax)] string? Summary = null,
    [property: MaxLength(AnalysisDocument.SectionMax)] string? Background = null,
    [property: MaxLength(AnalysisDocument.SectionMax)] string? Issues = null,
    [property: MaxLength(AnalysisDocument.SectionMax)] string? Recommendations = null,
    [property: MaxLength(AnalysisDocument.SectionMax)] string? Conclusion = null,
    IReadOnlyList<Guid>? Reports = null,
    IReadOnlyList<ReportShareDto>? Shares = null);

/// <summary>An analysis document as its reader sees it.</summary>
public sealed record AnalysisDocumentDto(Guid Id, string Title, string? Summary, string? Background, string? Issues, string? Recommendations,
    string? Conclusion, IReadOnlyList<Guid> Reports, Guid OwnerId, IReadOnlyList<ReportShareDto> Shares, bool CanEdit, long Version);

/// <summary>A line of the analysis documents list.</summary>
public sealed record AnalysisDocumentSummary(Guid Id, string Title, bool Mine, DateTime UpdatedAt);

/// <summary>A document ready to print: its text and, for each chosen report, its name and figures as the reader's
/// scope gives them.</summary>
public sealed record AnalysisDocumentContent(AnalysisDocumentDto Document, IReadOnlyList<(string Name, ReportResult Result)> Results);
