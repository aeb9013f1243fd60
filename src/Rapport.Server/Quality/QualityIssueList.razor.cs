using Microsoft.AspNetCore.Components;
using Rapport.Core.Quality;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Quality;

/// <summary>The records behind one data-quality figure, each linking to where it is fixed.</summary>
public partial class QualityIssueList
{
    [Parameter] public string Issue { get; set; } = "";
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private readonly List<QualityRecord> _rows = [];
    private string? _next;
    private bool _loading;
    private QualityIssue? _issue;

    private string Title => _issue is { } i ? T[$"Quality.Issue.{i}"] : T["Ui.DataQuality"];

    protected override async Task OnParametersSetAsync()
    {
        _issue = Enum.TryParse<QualityIssue>(Issue, ignoreCase: true, out var i) && Enum.IsDefined(i) ? i : null;
        if (_issue is not null) await LoadAsync(null);
    }

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        if (cursor is null) _rows.Clear();
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<QualityService, Page<QualityRecord>>((s, ct) => s.ListAsync(_issue!.Value, cursor, 50, ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
        });
        _loading = false;
    }

    private static string Link(QualityRecord r) => r.Kind == "opportunity" ? $"/sales/opportunities/{r.Id}/edit" : $"/customers/{r.Id}";
}
