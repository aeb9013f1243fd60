using Microsoft.AspNetCore.Components;
using Rapport.Core.Reports;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Reports;

public sealed partial class ReportList
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private IReadOnlyList<ReportSummary>? _reports;

    protected override async Task OnInitializedAsync() =>
        await Feedback.TryAsync(async () => _reports = await Ops.RunAsync<ReportService, IReadOnlyList<ReportSummary>>((s, ct) => s.ListAsync(ct)));

    private sealed record FolderGroup(string Title, IReadOnlyList<ReportSummary> Reports);

    /// <summary>Standard reports, then the reader's folders by name (reports in no folder under "My reports"), then those shared with them.</summary>
    private IEnumerable<FolderGroup> Folders()
    {
        var all = _reports ?? [];
        var standard = all.Where(r => r.Standard).ToList();
        if (standard.Count > 0) yield return new(T["Ui.StandardReports"], standard);
        foreach (var g in all.Where(r => !r.Standard && r.Mine).GroupBy(r => r.Folder).OrderBy(g => g.Key ?? "", StringComparer.CurrentCulture))
            yield return new(g.Key ?? T["Ui.MyReports"], g.ToList());
        var shared = all.Where(r => !r.Standard && !r.Mine).ToList();
        if (shared.Count > 0) yield return new(T["Ui.SharedReports"], shared);
    }
}
