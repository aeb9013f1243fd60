using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Mail;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Marketing.Segments;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Marketing.Campaigns;

/// <summary>A campaign's page: plan, members, content with a preview, A/B set-up, sending and results.</summary>
public sealed partial class CampaignDetail : IAsyncDisposable
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private sealed class PlanForm
    {
        public string? Name { get; set; }
        public string? Objective { get; set; }
        public IReadOnlyCollection<CampaignChannel> Channels { get; set; } = [];
        public string? Currency { get; set; }
        public decimal Budget { get; set; }
        public decimal ActualCost { get; set; }
        public DateTime? Start { get; set; }
        public DateTime? End { get; set; }
        public int TestShare { get; set; }
        public int WaitHours { get; set; } = 24;
        public AbMetric Metric { get; set; }
        public double Confidence { get; set; } = 0.95;
        public string? UtmCampaign { get; set; }
    }

    private sealed class VariantForm
    {
        public string? Subject { get; set; }
        public string? SubjectZh { get; set; }
        public string? FromName { get; set; }
        public string? Text { get; set; }
        public string? TextZh { get; set; }
        public string? Html { get; set; }
        public string? HtmlZh { get; set; }
    }

    private CampaignDto? _c;
    private PlanForm _plan = new();
    private List<VariantForm> _variants = [];
    private readonly List<CampaignMemberDto> _members = [];
    private string? _membersNext, _tag, _testTo;
    private int? _preview;
    private bool _canManage, _canSend;
    private CampaignResults? _results;
    private CancellationTokenSource? _polling;
    private List<SegmentSummary> _segments = [];
    private Guid? _segment;
    private List<ChartSeries<double>> _funnelSeries = [], _variantSeries = [], _attributionSeries = [];
    private string[] _funnelLabels = [], _variantLabels = [], _attributionLabels = [];

    /// <summary>The app's address as this page sees it: the sending job makes the mail's links on it.</summary>
    private string LinkBase => Nav.BaseUri.TrimEnd('/');

    private bool _canEditContent => _canManage && _c?.Status is CampaignStatus.Draft or CampaignStatus.Scheduled;

    protected override async Task OnParametersSetAsync()
    {
        var access = await Ops.AccessAsync();
        (_canManage, _canSend) = (access.Permissions.Contains(Permissions.CampaignsManage), access.Permissions.Contains(Permissions.CampaignsSend));
        await LoadAsync();
        await LoadMembersAsync(null);
        await LoadResultsAsync();
        if (_canManage && access.Permissions.Contains(Permissions.SegmentsRead))
            await Feedback.TryAsync(async () => _segments = [.. await Ops.RunAsync<SegmentService, IReadOnlyList<SegmentSummary>>((s, ct) => s.ListAsync(ct))]);
    }

    private async Task LoadAsync()
    {
        await Feedback.TryAsync(async () => Show(await Ops.RunAsync<CampaignService, CampaignDto>((s, ct) => s.GetAsync(Id, ct))));
    }

    private void Show(CampaignDto c)
    {
        _c = c;
        if (c.Status == CampaignStatus.Sending && _polling is null) StartPolling();
        _plan = new PlanForm
        {
            Name = c.Name, Objective = c.Objective, Channels = c.Channels, Currency = c.Currency, Budget = c.Budget, ActualCost = c.ActualCost,
            Start = c.StartsOn?.ToDateTime(TimeOnly.MinValue), End = c.EndsOn?.ToDateTime(TimeOnly.MinValue),
            TestShare = c.TestSharePercent, WaitHours = c.TestWaitHours, Metric = c.WinnerMetric, Confidence = c.ConfidenceLevel,
            UtmCampaign = c.UtmCampaign,
        };
        _variants = [.. c.Variants.Select(v => new VariantForm
        {
            Subject = v.Subject, SubjectZh = v.SubjectZh, FromName = v.FromName, Text = v.Text, TextZh = v.TextZh, Html = v.Html, HtmlZh = v.HtmlZh,
        })];
        if (_variants.Count == 0) _variants.Add(new VariantForm());
    }

    private async Task LoadMembersAsync(string? cursor)
    {
        if (cursor is null) _members.Clear();
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<CampaignService, Page<CampaignMemberDto>>((s, ct) => s.MembersAsync(Id, null, cursor, 50, ct));
            _members.AddRange(page.Items);
            _membersNext = page.NextCursor;
        });
    }

    private async Task LoadResultsAsync()
    {
        await Feedback.TryAsync(async () =>
        {
            var r = await Ops.RunAsync<CampaignService, CampaignResults>((s, ct) => s.ResultsAsync(Id, ct));
            _results = r;
            var funnel = r.Funnel.Take(7).ToList();
            _funnelLabels = [.. funnel.Select(f => T["Ui.Funnel." + f.Stage].Value)];
            _funnelSeries = [new ChartSeries<double> { Name = T["Ui.CampaignMembers"], Data = new ChartData<double>([.. funnel.Select(f => (double)f.Count)]) }];
            _variantLabels = [.. r.Variants.Select(v => v.Label)];
            ChartSeries<double> Series(string name, Func<VariantResult, int> count) => new()
            {
                Name = name, Data = new ChartData<double>([.. r.Variants.Select(v => v.Recipients == 0 ? 0 : 100.0 * count(v) / v.Recipients)]),
            };
            if (r.Attribution is { } a)
            {
                _attributionLabels = [T["Ui.CampaignLastTouch"].Value, T["Ui.CampaignFirstTouch"].Value];
                _attributionSeries =
                [
                    new ChartSeries<double> { Name = T["Ui.CampaignPipeline"], Data = new ChartData<double>([(double)a.Pipeline, (double)a.FirstTouchPipeline]) },
                    new ChartSeries<double> { Name = T["Ui.CampaignRevenue"], Data = new ChartData<double>([(double)a.Revenue, (double)a.FirstTouchRevenue]) },
                ];
            }
            _variantSeries = [Series(T["Enum.AbMetric.Open"], v => v.Opened), Series(T["Enum.AbMetric.Click"], v => v.Clicked), Series(T["Enum.AbMetric.Conversion"], v => v.Converted)];
        });
    }

    private async Task TabChangedAsync(int index)
    {
        if (index == 5) await LoadResultsAsync();
    }

    private CampaignInput PlanInput() => new(_plan.Name, _plan.Objective, [.. _plan.Channels], _plan.Currency, _plan.Budget, _plan.ActualCost,
        _plan.Start is { } s ? DateOnly.FromDateTime(s) : null, _plan.End is { } e ? DateOnly.FromDateTime(e) : null, null,
        _plan.TestShare, _plan.WaitHours, _plan.Metric, _plan.Confidence, _plan.UtmCampaign);

    private Task SavePlanAsync() => Feedback.TryAsync(async () =>
    {
        Show(await Ops.RunAsync<CampaignService, CampaignDto>((s, ct) => s.UpdateAsync(Id, PlanInput(), _c!.Version, ct)));
        Feedback.Done(T["Ui.Saved"]);
    });

    private Task SaveContentAsync() => Feedback.TryAsync(async () =>
    {
        var input = new CampaignContentInput([.. _variants.Select(v => new CampaignVariantInput(v.Subject, v.Text, v.Html, v.SubjectZh, v.TextZh, v.HtmlZh, v.FromName))]);
        Show(await Ops.RunAsync<CampaignService, CampaignDto>((s, ct) => s.SetContentAsync(Id, input, _c!.Version, ct)));
        Feedback.Done(T["Ui.Saved"]);
    });

    private Task AddByTagAsync() => AddMembersAsync(new AddMembersInput(Tag: _tag));

    private Task AddSegmentAsync() => AddMembersAsync(new AddMembersInput(AudienceId: _segment));

    private Task AddMembersAsync(AddMembersInput input) => Feedback.TryAsync(async () =>
    {
        var added = await Ops.RunAsync<CampaignService, AddMembersResult>((s, ct) => s.AddMembersAsync(Id, input, ct));
        Feedback.Done(T["Ui.CampaignMembersAdded", added.Added, added.Members]);
        await LoadAsync();
        await LoadMembersAsync(null);
    });

    private Task TestSendAsync() => Feedback.TryAsync(async () =>
    {
        await Ops.RunAsync<CampaignSender, OutboxMessageDto>((s, ct) => s.TestSendAsync(Id, new CampaignTestSendInput(_testTo), LinkBase, ct));
        Feedback.Done(T["Ui.CampaignTestQueued", _testTo ?? ""]);
    });

    private Task SendAsync(Func<CampaignSender, CancellationToken, Task<CampaignDto>> send) => Feedback.TryAsync(async () =>
    {
        Show(await Ops.RunAsync(send));
        await LoadMembersAsync(null);
        await LoadResultsAsync();
    });

    private Task ActAsync(Func<CampaignService, CancellationToken, Task<CampaignDto>> act) => Feedback.TryAsync(async () => Show(await Ops.RunAsync(act)));

    /// <summary>The variant as saved, rendered for a sample customer (the same sanitising and encoding as a send).</summary>
    private RenderedEmail? PreviewOf(VariantForm v)
    {
        if (string.IsNullOrWhiteSpace(v.Subject) || string.IsNullOrWhiteSpace(v.Text) || !CampaignTemplate.Parses(v.Subject) || !CampaignTemplate.Parses(v.Text) || !CampaignTemplate.Parses(v.Html))
            return null;
        var variant = new CampaignVariant { Label = "A", Subject = v.Subject, Text = v.Text, Html = CampaignTemplate.Sanitize(v.Html) };
        return CampaignTemplate.Render(CampaignTemplate.Compile(variant, "en"), new MergeFields("", "C-000001", _c?.Name ?? "", "#"));
    }

    /// <summary>Follows a sending campaign's progress from its record (the job queues it, not this circuit), every two
    /// seconds, until it is no longer sending.</summary>
    private void StartPolling()
    {
        var cts = _polling = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            try
            {
                while (await timer.WaitForNextTickAsync(cts.Token))
                {
                    var c = await Ops.RunAsync<CampaignService, CampaignDto>((s, ct) => s.GetAsync(Id, ct), cts.Token);
                    await InvokeAsync(() =>
                    {
                        _c = c;
                        StateHasChanged();
                    });
                    if (c.Status != CampaignStatus.Sending) break;
                }
            }
            catch (OperationCanceledException) { }
            _polling = null;
            await InvokeAsync(async () =>
            {
                await LoadMembersAsync(null);
                await LoadResultsAsync();
                StateHasChanged();
            });
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_polling is { } p) await p.CancelAsync();
        _polling?.Dispose();
        _polling = null;
    }

    private static string Rate(int count, int of) => of == 0 ? "–" : Rate((double)count / of);

    private static string Rate(double rate) => rate.ToString("P1", System.Globalization.CultureInfo.CurrentCulture);

    private static int Converted(CampaignResults r) => r.Funnel.FirstOrDefault(f => f.Stage == "converted")?.Count ?? 0;
}
