using System.ComponentModel.DataAnnotations;

namespace Rapport.Core.Reports;

/// <summary>A report to save: its name, folder, definition and (for its owner) whom it is shared with.</summary>
public sealed record ReportInput(
    [property: Required, MaxLength(Report.NameMax)] string Name,
    [property: MaxLength(Report.FolderMax)] string? Folder,
    [property: Required] ReportDefinition Definition,
    IReadOnlyList<ReportShareDto>? Shares = null);

public sealed record ReportShareDto(ShareKind Kind, string Target, ReportAccess Access);

/// <summary>A report as its reader sees it. A standard report has no owner and cannot be changed (save a copy).</summary>
public sealed record ReportDto(Guid Id, string Name, string? Folder, bool Standard, Guid? OwnerId, ReportDefinition Definition,
    IReadOnlyList<ReportShareDto> Shares, bool CanEdit, long Version);

/// <summary>A line of the reports list.</summary>
public sealed record ReportSummary(Guid Id, string Name, string? Folder, bool Standard, bool Mine, string Source);

/// <summary>What the builder offers for one source: its dimensions (with their kinds) and numeric fields.</summary>
public sealed record ReportSourceDto(string Name, string LabelKey, IReadOnlyList<ReportFieldDto> Dimensions, IReadOnlyList<ReportFieldDto> Measures);

public sealed record ReportFieldDto(string Field, string LabelKey, string Kind, bool Money = false);
