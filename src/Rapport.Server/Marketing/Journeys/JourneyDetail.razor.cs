using Microsoft.AspNetCore.Components;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Marketing.Journeys;
using Rapport.Core.Marketing.Segments;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Marketing.Journeys;

/// <summary>A journey's page: its name and entry audience, the step editor (add, remove, reorder while a draft) and how
/// many members are at and passed each step; activate, pause and finish.</summary>
public sealed partial class JourneyDetail
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    /// <summary>One step as edited; a wait is shown in days or hours.</summary>
    private sealed class StepForm
    {
        public JourneyStepKind Kind { get; set; } = JourneyStepKind.Email;
        public string? Subject { get; set; }
        public string? SubjectZh { get; set; }
        public string? Text { get; set; }
        public string? TextZh { get; set; }
        public string? Html { get; set; }
        public string? HtmlZh { get; set; }
        public string? FromName { get; set; }
        public int Wait { get; set; } = 2;
        public bool InDays { get; set; } = true;
        public JourneyCondition Condition { get; set; }
        public int Then { get; set; }
        public int Else { get; set; }
        public string? TaskSubject { get; set; }
        public int TaskDueDays { get; set; } = 1;
        public string? Tag { get; set; }
        public Guid? CampaignId { get; init; }
        public int At { get; init; }
        public int Passed { get; init; }

        public static StepForm From(JourneyStepDto s) => new()
        {
            Kind = s.Kind, Subject = s.Email?.Subject, SubjectZh = s.Email?.SubjectZh, Text = s.Email?.Text, TextZh = s.Email?.TextZh, Html = s.Email?.Html,
            HtmlZh = s.Email?.HtmlZh, FromName = s.Email?.FromName,
            Wait = s.WaitHours is { } h && h % 24 == 0 ? h / 24 : s.WaitHours ?? 2, InDays = s.WaitHours is not { } w || w % 24 == 0,
            Condition = s.Condition ?? JourneyCondition.Opened, Then = s.Then ?? 0, Else = s.Else ?? 0, TaskSubject = s.TaskSubject, TaskDueDays = s.TaskDueDays ?? 1,
            Tag = s.Tag, CampaignId = s.CampaignId, At = s.At, Passed = s.Passed,
        };

        public JourneyStepInput ToInput() => new(Kind,
            Kind == JourneyStepKind.Email ? new CampaignVariantInput(Subject, Text, Html, SubjectZh, TextZh, HtmlZh, FromName) : null,
            InDays ? Wait * 24 : Wait, Condition, Then, Else, TaskSubject, TaskDueDays, Tag);
    }

    private JourneyDto? _j;
    private string? _name, _audience;
    private List<StepForm> _steps = [];
    private IReadOnlyList<SegmentSummary> _segments = [];
    private IReadOnlyList<CampaignDto> _campaigns = [];
    private bool _canManage, _editable;

    protected override async Task OnParametersSetAsync()
    {
        _canManage = (await Ops.AccessAsync()).Permissions.Contains(Permissions.CampaignsManage);
        await Feedback.TryAsync(async () =>
        {
            if ((await Ops.AccessAsync()).Permissions.Contains(Permissions.SegmentsRead))
                _segments = await Ops.RunAsync<SegmentService, IReadOnlyList<SegmentSummary>>((s, ct) => s.ListAsync(ct));
            _campaigns = (await Ops.RunAsync<CampaignService, Page<CampaignDto>>((s, ct) => s.ListAsync(null, null, 100, ct))).Items;
        });
        await LoadAsync();
    }

    private Task LoadAsync() => Feedback.TryAsync(async () => Show(await Ops.RunAsync<JourneyService, JourneyDto>((s, ct) => s.GetAsync(Id, ct))));

    private void Show(JourneyDto j)
    {
        _j = j;
        _name = j.Name;
        _audience = j.SegmentId is { } s ? "s:" + s : j.CampaignId is { } c ? "c:" + c : "";
        _steps = [.. j.Steps.Select(StepForm.From)];
        _editable = _canManage && j.Status == JourneyStatus.Draft;
    }

    private void Move(int index, int by) => (_steps[index], _steps[index + by]) = (_steps[index + by], _steps[index]);

    private Task SaveAsync() => Feedback.TryAsync(async () =>
    {
        Guid? Pick(string prefix) => _audience is { } a && a.StartsWith(prefix, StringComparison.Ordinal) ? Guid.Parse(a[prefix.Length..]) : null;
        var input = new JourneyInput(_name, Pick("s:"), Pick("c:"), [.. _steps.Select(s => s.ToInput())]);
        Show(await Ops.RunAsync<JourneyService, JourneyDto>((s, ct) => s.UpdateAsync(Id, input, _j!.Version, ct)));
        Feedback.Done(T["Ui.Saved"]);
    });

    private Task ActAsync(Func<JourneyService, CancellationToken, Task<JourneyDto>> act) => Feedback.TryAsync(async () => Show(await Ops.RunAsync(act)));
}
