using Microsoft.AspNetCore.Components;
using Rapport.Core.Reports;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Reports;

public sealed partial class AnalysisDocuments
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    [Parameter] public Guid? Id { get; set; }

    private static readonly string[] Sections = ["Summary", "Background", "Results", "Issues", "Recommendations", "Conclusion"];

    private IReadOnlyList<AnalysisDocumentSummary>? _documents;
    private IReadOnlyList<ReportSummary> _available = [];
    private AnalysisDocumentDto? _document;
    private bool _canManage, _canEdit;
    private Guid? _me;
    private string? _title;
    private List<Guid> _reports = [];
    private readonly Dictionary<string, string?> _texts = [];

    protected override async Task OnParametersSetAsync() => await Feedback.TryAsync(async () =>
    {
        var access = await Ops.AccessAsync();
        _canManage = access.Permissions.Contains(Permissions.ReportsManage);
        _me = access.UserId;
        _documents = await Ops.RunAsync<AnalysisDocumentService, IReadOnlyList<AnalysisDocumentSummary>>((s, ct) => s.ListAsync(ct));
        _available = await Ops.RunAsync<ReportService, IReadOnlyList<ReportSummary>>((s, ct) => s.ListAsync(ct));
        _document = Id is { } id ? await Ops.RunAsync<AnalysisDocumentService, AnalysisDocumentDto>((s, ct) => s.GetAsync(id, ct)) : null;
        Load(_document);
    });

    private void Load(AnalysisDocumentDto? d)
    {
        _canEdit = _canManage && (d is null || d.CanEdit);
        _title = d?.Title;
        _reports = d?.Reports.ToList() ?? [];
        _texts["Summary"] = d?.Summary;
        _texts["Background"] = d?.Background;
        _texts["Issues"] = d?.Issues;
        _texts["Recommendations"] = d?.Recommendations;
        _texts["Conclusion"] = d?.Conclusion;
    }

    private string? Text(string section) => _texts.GetValueOrDefault(section);

    private string ReportName(Guid id) => _available.FirstOrDefault(r => r.Id == id)?.Name ?? id.ToString();

    private async Task SaveAsync()
    {
        var input = new AnalysisDocumentInput(_title ?? "", Text("Summary"), Text("Background"), Text("Issues"), Text("Recommendations"), Text("Conclusion"), _reports);
        var current = _document;
        AnalysisDocumentDto? saved = null;
        if (!await Feedback.TryAsync(async () => saved = current is null
                ? await Ops.RunAsync<AnalysisDocumentService, AnalysisDocumentDto>((s, ct) => s.CreateAsync(input, ct))
                : await Ops.RunAsync<AnalysisDocumentService, AnalysisDocumentDto>((s, ct) => s.UpdateAsync(current.Id, input, current.Version, ct))) || saved is null)
            return;
        Feedback.Done(T["Ui.ReportSaved"]);
        if (current is null) Navigation.NavigateTo($"/reports/analyses/{saved.Id}");
        else
        {
            _document = saved;
            _documents = await Ops.RunAsync<AnalysisDocumentService, IReadOnlyList<AnalysisDocumentSummary>>((s, ct) => s.ListAsync(ct));
        }
    }

    private async Task DeleteAsync()
    {
        if (_document is not { } d) return;
        if (await Feedback.TryAsync(() => Ops.RunAsync<AnalysisDocumentService>((s, ct) => s.DeleteAsync(d.Id, d.Version, ct))))
            Navigation.NavigateTo("/reports/analyses");
    }
}
