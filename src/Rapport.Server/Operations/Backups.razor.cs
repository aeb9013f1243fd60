using Microsoft.AspNetCore.Components;
using Rapport.Core.Operations;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Operations;

/// <summary>The backups page: the archives in the backup directory, "back up now" with its stage, verify, download.</summary>
public sealed partial class Backups
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private IReadOnlyList<BackupSummary> _rows = [];
    private bool _loading;
    private string? _running;
    private string? _verifying;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        await Feedback.TryAsync(async () => _rows = await Ops.RunAsync<BackupService, IReadOnlyList<BackupSummary>>((s, _) => Task.FromResult(s.List())));
        _loading = false;
    }

    private async Task BackUpNowAsync()
    {
        _running = "database";
        var progress = new Progress<string>(stage => InvokeAsync(() => { _running = stage; StateHasChanged(); }));
        BackupSummary? made = null;
        await Feedback.TryAsync(async () => made = await Ops.RunAsync<BackupService, BackupSummary>((s, ct) => s.BackUpNowAsync(progress, ct)));
        _running = null;
        if (made is not null) Feedback.Done(T["Ui.BackupDone", made.Name]);
        await LoadAsync();
    }

    private async Task VerifyAsync(BackupSummary backup)
    {
        _verifying = backup.Name;
        BackupCheck? check = null;
        await Feedback.TryAsync(async () => check = await Ops.RunAsync<BackupService, BackupCheck>((s, ct) => s.VerifyAsync(s.PathOf(backup.Name), ct)));
        _verifying = null;
        if (check is { Ok: true }) Feedback.Done(T["Ui.BackupVerifiedNow"]);
        else if (check is not null) Feedback.Warn(check.Lines[^1]);
        await LoadAsync();
    }

    private static string FileSize(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.CurrentCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.CurrentCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };
}
