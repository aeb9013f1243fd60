using Microsoft.AspNetCore.Components;
using Rapport.Core.Quality;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Quality;

/// <summary>The data-quality page: each figure links to the records to fix.</summary>
public partial class QualityPage
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private QualityOverview? _overview;
    private bool _refreshing;

    protected override async Task OnInitializedAsync() =>
        await Feedback.TryAsync(async () => _overview = await Ops.RunAsync<QualityService, QualityOverview>((s, ct) => s.OverviewAsync(ct)));

    private async Task RefreshAsync()
    {
        _refreshing = true;
        try
        {
            await Feedback.TryAsync(async () => _overview = await Ops.RunAsync<QualityService, QualityOverview>((s, ct) => s.RefreshAsync(ct)));
        }
        finally
        {
            _refreshing = false;
        }
    }

    internal static string IssueUrl(QualityIssue issue) => $"/quality/issues/{JsonNamingPolicy(issue)}";

    private static string JsonNamingPolicy(QualityIssue issue) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(issue.ToString());

    private static double Share(QualityFigure f) => f.Of == 0 ? 0 : Math.Round(100.0 * f.Count / f.Of, 1);
}
