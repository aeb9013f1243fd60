using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Customers;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Components.Common;

namespace Rapport.Server.ServiceDesk;

public sealed partial class SlaPolicies
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private sealed class Row
    {
        public CasePriority Priority = CasePriority.Normal;
        public ValueTier? Tier;
        public string? Category;
        public int? FirstResponse = 60, NextUpdate, Resolution = 480;
        public int WarningPercent = 80;
    }

    private sealed class Escalation
    {
        public SlaTargetKind Target = SlaTargetKind.Resolution;
        public SlaEscalationTrigger When = SlaEscalationTrigger.Breach;
        public SlaEscalationAction Action = SlaEscalationAction.NotifyOwner;
        public string? Queue;
    }

    private sealed class Editing
    {
        public Guid? Id;
        public long Version;
        public string? Name;
        public Guid CalendarId;
        public bool IsActive = true;
        public List<Row> Rows = [];
        public List<Escalation> Escalations = [];
        public IReadOnlyList<FieldError> Errors = [];
    }

    private List<Editing> _editing = [];
    private IReadOnlyList<BusinessCalendarDto> _calendars = [];

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        IReadOnlyList<SlaPolicyDto> policies = [];
        await Feedback.TryAsync(async () =>
        {
            _calendars = await Ops.RunAsync<BusinessCalendarService, IReadOnlyList<BusinessCalendarDto>>((s, ct) => s.ListAsync(ct));
            policies = await Ops.RunAsync<SlaService, IReadOnlyList<SlaPolicyDto>>((s, ct) => s.ListAsync(ct));
        });
        _editing = [.. policies.Select(p => new Editing
        {
            Id = p.Id, Version = p.Version, Name = p.Name, CalendarId = p.CalendarId, IsActive = p.IsActive,
            Rows = [.. p.Targets.Select(t => new Row
            {
                Priority = t.Priority, Tier = t.Tier, Category = t.CategoryId?.ToString(), FirstResponse = t.FirstResponseMinutes,
                NextUpdate = t.NextUpdateMinutes, Resolution = t.ResolutionMinutes, WarningPercent = t.WarningPercent,
            })],
            Escalations = [.. p.Escalations.Select(e => new Escalation { Target = e.Target, When = e.When, Action = e.Action, Queue = e.QueueId?.ToString() })],
        })];
    }

    private void NewPolicy() => _editing.Add(new Editing
    {
        CalendarId = _calendars[0].Id,
        Rows = [.. Enum.GetValues<CasePriority>().Select(p => new Row { Priority = p })],
    });

    private async Task SaveAsync(Editing p)
    {
        // A category or queue id that is not a Guid is sent as an empty one, which the service names as the field in error.
        static Guid? Id(string? text) => string.IsNullOrWhiteSpace(text) ? null : Guid.TryParse(text, out var g) ? g : Guid.Empty;
        var input = new SlaPolicyInput(p.Name, p.CalendarId, p.IsActive,
            [.. p.Rows.Select(r => new SlaTarget(r.Priority, r.Tier, Id(r.Category), r.FirstResponse, r.NextUpdate, r.Resolution, r.WarningPercent))],
            [.. p.Escalations.Select(e => new SlaEscalation(e.Target, e.When, e.Action, Id(e.Queue)))]);
        p.Errors = [];
        if (await Feedback.TryAsync(() => p.Id is { } id
                ? Ops.RunAsync<SlaService, SlaPolicyDto>((s, ct) => s.UpdateAsync(id, input, p.Version, ct))
                : Ops.RunAsync<SlaService, SlaPolicyDto>((s, ct) => s.CreateAsync(input, ct)), errors => p.Errors = errors))
        {
            Feedback.Done(T["Ui.Saved"]);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(Editing p)
    {
        if (p.Id is not { } id) return;
        if (await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], T["Ui.ConfirmDeleteSetting", p.Name ?? ""], T["Ui.Delete"], cancelText: T["Ui.Cancel"]) != true) return;
        if (await Feedback.TryAsync(() => Ops.RunAsync<SlaService>((s, ct) => s.DeleteAsync(id, p.Version, ct))))
        {
            Feedback.Done(T["Ui.Deleted"]);
            await LoadAsync();
        }
    }
}
