using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Components.Common;

namespace Rapport.Server.ServiceDesk;

public sealed partial class BusinessCalendars
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    /// <summary>Monday first.</summary>
    private static readonly DayOfWeek[] Week = [.. Enum.GetValues<DayOfWeek>().OrderBy(d => ((int)d + 6) % 7)];

    private sealed class Interval
    {
        public DayOfWeek Day = DayOfWeek.Monday;
        public string? From = "09:00";
        public string? To = "18:00";
    }

    private sealed class Day
    {
        public DateTime? Date;
        public string? Name;
        public bool IsWorkingDay;
    }

    private sealed class Editing
    {
        public Guid? Id;
        public long Version;
        public string? Name;
        public string? TimeZoneId = "Asia/Shanghai";
        public List<Interval> Hours = [];
        public List<Day> Days = [];
        public IReadOnlyList<FieldError> Errors = [];
        public string? PreviewStart;
        public int PreviewMinutes = 480;
        public string? PreviewResult;
    }

    private List<Editing> _editing = [];

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        IReadOnlyList<BusinessCalendarDto> calendars = [];
        await Feedback.TryAsync(async () => calendars = await Ops.RunAsync<BusinessCalendarService, IReadOnlyList<BusinessCalendarDto>>((s, ct) => s.ListAsync(ct)));
        _editing = [.. calendars.Select(c => new Editing
        {
            Id = c.Id, Version = c.Version, Name = c.Name, TimeZoneId = c.TimeZoneId,
            Hours = [.. c.Hours.Select(h => new Interval { Day = h.Day, From = h.From, To = h.To })],
            Days = [.. c.Days.Select(d => new Day { Date = d.Date.ToDateTime(TimeOnly.MinValue), Name = d.Name, IsWorkingDay = d.IsWorkingDay })],
        })];
    }

    private void NewCalendar() => _editing.Add(new Editing
    {
        Hours = [.. Week.Take(5).Select(d => new Interval { Day = d })],
    });

    private async Task SaveAsync(Editing c)
    {
        var input = new BusinessCalendarInput(c.Name, c.TimeZoneId,
            [.. c.Hours.Select(h => new WorkingHoursDto(h.Day, h.From, h.To))],
            [.. c.Days.Select(d => new CalendarDayDto(d.Date is { } date ? DateOnly.FromDateTime(date) : default, d.Name, d.IsWorkingDay))]);
        c.Errors = [];
        if (await Feedback.TryAsync(() => c.Id is { } id
                ? Ops.RunAsync<BusinessCalendarService, BusinessCalendarDto>((s, ct) => s.UpdateAsync(id, input, c.Version, ct))
                : Ops.RunAsync<BusinessCalendarService, BusinessCalendarDto>((s, ct) => s.CreateAsync(input, ct)), errors => c.Errors = errors))
        {
            Feedback.Done(T["Ui.Saved"]);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(Editing c)
    {
        if (c.Id is not { } id) return;
        if (await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], T["Ui.ConfirmDeleteSetting", c.Name ?? ""], T["Ui.Delete"], cancelText: T["Ui.Cancel"]) != true) return;
        if (await Feedback.TryAsync(() => Ops.RunAsync<BusinessCalendarService>((s, ct) => s.DeleteAsync(id, c.Version, ct))))
        {
            Feedback.Done(T["Ui.Deleted"]);
            await LoadAsync();
        }
    }

    private async Task PreviewAsync(Editing c)
    {
        if (c.Id is not { } id) return;
        var start = DateTime.TryParse(c.PreviewStart, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var s)
            ? s : Clock.GetUtcNow().UtcDateTime;
        SlaPreviewDto? preview = null;
        if (await Feedback.TryAsync(async () => preview = await Ops.RunAsync<SlaService, SlaPreviewDto>((svc, ct) => svc.PreviewAsync(new SlaPreviewInput(id, start, c.PreviewMinutes), ct))))
            c.PreviewResult = preview?.DueLocal is { } local
                ? T["Ui.PreviewDue", local.ToString("yyyy-MM-dd HH:mm (zzz)", CultureInfo.InvariantCulture), preview.TimeZoneId]
                : T["Ui.PreviewPaused"];
    }
}
