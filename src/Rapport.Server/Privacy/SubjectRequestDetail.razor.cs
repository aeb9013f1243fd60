using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Privacy.Requests;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Privacy;

/// <summary>One data-subject request: its subject and deadline, the moves it can make, and the work its type calls for
/// (the access ZIP, made in the background with its progress shown here; erasure, restriction) with what was done.</summary>
public partial class SubjectRequestDetail : IDisposable
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private SubjectRequestDto? _r;
    private SubjectExportRunDto? _run;
    private bool _canManage;
    private readonly CancellationTokenSource _gone = new();

    protected override async Task OnParametersSetAsync()
    {
        _canManage = (await Ops.AccessAsync()).Permissions.Contains(Permissions.PrivacyManage);
        await Feedback.TryAsync(async () => _r = await Ops.RunAsync<SubjectRequestService, SubjectRequestDto>((s, ct) => s.GetAsync(Id, ct)));
        // A ZIP started before a reload (or by another agent) is picked up again.
        if (_canManage && _r is not null && await Feedback.TryAsync(async () => _run = await ProgressAsync(_gone.Token)) && _run?.State == "running")
            _ = FollowAsync();
    }

    private Task<SubjectExportRunDto> ProgressAsync(CancellationToken ct) =>
        Ops.RunAsync<SubjectExports, SubjectExportRunDto>((s, token) => s.ProgressAsync(Id, token), ct);

    private static SubjectRequestStatus[] Moves(SubjectRequestStatus from) => from switch
    {
        SubjectRequestStatus.Received => [SubjectRequestStatus.Verifying, SubjectRequestStatus.InProgress, SubjectRequestStatus.Refused],
        SubjectRequestStatus.Verifying => [SubjectRequestStatus.InProgress, SubjectRequestStatus.Refused],
        SubjectRequestStatus.InProgress => [SubjectRequestStatus.Completed, SubjectRequestStatus.Refused],
        _ => [],
    };

    private Task Run(Func<SubjectRequestService, CancellationToken, Task<SubjectRequestDto>> work) =>
        Feedback.TryAsync(async () => _r = await Ops.RunAsync(work));

    private async Task MoveAsync(SubjectRequestStatus to)
    {
        string? reason = null;
        if (to == SubjectRequestStatus.Refused && (reason = await TextPrompt.AskAsync(Dialogs, T["Enum.SubjectRequestStatus.Refused"], T["Ui.PrivacyRefusalReason"], null)) is null)
            return;
        await Run((s, ct) => s.MoveAsync(Id, new SubjectRequestMove(to, reason), _r?.Version, ct));
    }

    private async Task ExportAsync()
    {
        if (await Feedback.TryAsync(async () =>
            {
                _r = await Ops.RunAsync<SubjectExports, SubjectRequestDto>((s, ct) => s.StartAsync(Id, _r?.Version, ct));
                _run = await ProgressAsync(_gone.Token);
            }))
            _ = FollowAsync();
    }

    /// <summary>Asks for the ZIP's progress twice a second until it ends (then shows the request with its download) or the page goes.</summary>
    private async Task FollowAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (_run is { State: "running" } && await timer.WaitForNextTickAsync(_gone.Token))
            {
                _run = await ProgressAsync(_gone.Token);
                if (_run.State != "running") _r = await Ops.RunAsync<SubjectRequestService, SubjectRequestDto>((s, ct) => s.GetAsync(Id, ct), _gone.Token);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task EraseAsync()
    {
        if (await Dialogs.ShowMessageBoxAsync(T["Ui.PrivacyErase"], T["Ui.PrivacyEraseConfirm"], T["Ui.PrivacyErase"], cancelText: T["Ui.Cancel"]) != true) return;
        await Run((s, ct) => s.EraseAsync(Id, _r?.Version, ct));
    }

    private Task RestrictAsync(bool on) => Run((s, ct) => s.RestrictAsync(Id, on, _r?.Version, ct));

    public void Dispose()
    {
        _gone.Cancel();
        _gone.Dispose();
        GC.SuppressFinalize(this);
    }
}
