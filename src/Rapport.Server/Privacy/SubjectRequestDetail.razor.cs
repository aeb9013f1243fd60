using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Privacy.Requests;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Privacy;

/// <summary>One data-subject request: its subject and deadline, the moves it can make, and the work its type calls for
/// (the access ZIP, erasure, restriction) with what was done.</summary>
public partial class SubjectRequestDetail
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private SubjectRequestDto? _r;
    private bool _canManage;

    protected override async Task OnParametersSetAsync()
    {
        _canManage = (await Ops.AccessAsync()).Permissions.Contains(Permissions.PrivacyManage);
        await Feedback.TryAsync(async () => _r = await Ops.RunAsync<SubjectRequestService, SubjectRequestDto>((s, ct) => s.GetAsync(Id, ct)));
    }

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

    private Task ExportAsync() => Run((s, ct) => s.ExportAsync(Id, _r?.Version, ct));

    private async Task EraseAsync()
    {
        if (await Dialogs.ShowMessageBoxAsync(T["Ui.PrivacyErase"], T["Ui.PrivacyEraseConfirm"], T["Ui.PrivacyErase"], cancelText: T["Ui.Cancel"]) != true) return;
        await Run((s, ct) => s.EraseAsync(Id, _r?.Version, ct));
    }

    private Task RestrictAsync(bool on) => Run((s, ct) => s.RestrictAsync(Id, on, _r?.Version, ct));
}
