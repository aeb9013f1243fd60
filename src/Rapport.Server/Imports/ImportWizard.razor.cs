using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Rapport.Core.Imports;
using Rapport.Server.Components.Common;

using Rapport.Server.Imports;

namespace Rapport.Server.Components.Pages;

public sealed partial class ImportWizard : IAsyncDisposable
{
    private const long UploadMax = 1024L * 1024 * 1024;

    [Parameter] public Guid? Id { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private ImportQueue Queue { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private bool _allowed, _mayUndo, _busy;
    private ImportRunDto? _run;
    private List<string?> _columns = [];
    private IReadOnlyList<string> _fields = [];
    private IReadOnlyList<ImportPreviewRow>? _preview;
    private ImportMatchMode _mode;
    private ImportDryRun? _dryRun;
    private ImportUndoResult? _undo;
    private IReadOnlyList<ImportRunListItem> _runs = [];
    private IReadOnlyList<FieldError> _errors = [];
    private IReadOnlyList<ImportTemplateDto> _templates = [];
    private string? _templateName;
    private string _target = ImportService.Customers;
    private CancellationTokenSource? _polling;

    private double Percent => _run is { TotalRows: > 0 } r ? 100.0 * r.Done / r.TotalRows : 0;
    /// <summary>The stored fields the preview rows give a value (the address as one).</summary>
    private IEnumerable<string> PreviewFields =>
        (_preview ?? []).SelectMany(r => r.Values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => v.Key)).Distinct();

    protected override async Task OnInitializedAsync()
    {
        var access = await Ops.AccessAsync();
        _allowed = access.Permissions.Contains(Permissions.ImportsRun);
        _mayUndo = access.Permissions.Contains(Permissions.ImportsUndo);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!_allowed) return;
        await StopPollingAsync();
        (_run, _preview, _dryRun, _undo, _errors) = (null, null, null, null, []);
        await Feedback.TryAsync(async () =>
        {
            if (Id is { } id)
            {
                var run = await Ops.RunAsync<ImportService, ImportRunDto>((s, ct) => s.GetAsync(id, ct));
                if (run.Status == ImportStatus.Preview)
                {
                    Show(await Ops.RunAsync<ImportService, ImportPreview>((s, ct) => s.GetPreviewAsync(id, ct)));
                    await LoadTemplatesAsync();
                }
                else _run = run;
                if (run.Status is ImportStatus.Queued or ImportStatus.Running) StartPolling(id);
            }
            await LoadRunsAsync();
        });
    }

    private async Task LoadRunsAsync() =>
        _runs = (await Ops.RunAsync<ImportService, Page<ImportRunListItem>>((s, ct) => s.ListAsync(null, 20, ct))).Items;

    private async Task LoadTemplatesAsync() =>
        _templates = await Ops.RunAsync<ImportTemplateService, IReadOnlyList<ImportTemplateDto>>((s, ct) => s.ListAsync(_run?.Entity ?? _target, ct));

    /// <summary>Maps the run by a saved template (the server matches its headers by name).</summary>
    private async Task UseTemplateAsync(Guid? templateId)
    {
        if (templateId is not { } chosen || _run is not { } run) return;
        _errors = [];
        _dryRun = null;
        await Feedback.TryAsync(async () => Show(await Ops.RunAsync<ImportService, ImportPreview>((s, ct) => s.ApplyTemplateAsync(run.Id, chosen, ct))), e => _errors = e);
    }

    /// <summary>Saves the mapping as it stands, then keeps it as a named template.</summary>
    private async Task SaveTemplateAsync()
    {
        if (!await SaveMappingAsync()) return;
        var (run, name) = (_run!, _templateName);
        if (await Feedback.TryAsync(async () =>
            {
                await Ops.RunAsync<ImportTemplateService, ImportTemplateDto>((s, ct) => s.CreateFromRunAsync(run.Id, new ImportTemplateFromRunInput(name), ct));
                await LoadTemplatesAsync();
            }, e => _errors = e))
            Feedback.Done(T["Ui.ImportTemplateSaved", name ?? ""]);
    }

    private void Show(ImportPreview p)
    {
        _run = p.Run;
        _fields = p.Fields;
        _preview = p.Rows;
        _columns = [.. p.Run.Mapping.Columns];
        _mode = p.Run.Mapping.Mode;
    }

    private void SetColumn(int column, string? field)
    {
        _columns[column] = string.IsNullOrEmpty(field) ? null : field;
        _dryRun = null;
    }

    private string FieldLabel(string field) => T[$"Field.{field}"].ResourceNotFound ? field : T[$"Field.{field}"];

    private string Reasons(IReadOnlyList<FieldError> errors) => string.Join("; ", errors.Select(e => $"{FieldLabel(e.Field)}: {Feedback.Message(e)}"));

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _busy = true;
        ImportPreview? preview = null;
        await Feedback.TryAsync(async () =>
        {
            await using var stream = file.OpenReadStream(UploadMax);
            preview = await Ops.RunAsync<ImportService, ImportPreview>((s, ct) => s.CreateAsync(_target, file.Name, stream, ct));
        });
        _busy = false;
        if (preview is not null) Nav.NavigateTo($"/imports/{preview.Run.Id}");
    }

    /// <summary>Saves the mapping (the server checks it) and shows the new preview.</summary>
    private async Task<bool> SaveMappingAsync()
    {
        var run = _run!;
        var mapping = run.Mapping with { Columns = [.. _columns], Mode = _mode };
        _errors = [];
        return await Feedback.TryAsync(async () => Show(await Ops.RunAsync<ImportService, ImportPreview>((s, ct) => s.SetMappingAsync(run.Id, mapping, ct))), e => _errors = e);
    }

    private async Task ApplyMappingAsync()
    {
        _busy = true;
        await SaveMappingAsync();
        _busy = false;
    }

    private async Task DryRunAsync()
    {
        _busy = true;
        if (await SaveMappingAsync())
            await Feedback.TryAsync(async () => _dryRun = await Ops.RunAsync<ImportService, ImportDryRun>((s, ct) => s.DryRunAsync(_run!.Id, ct)));
        _busy = false;
    }

    private async Task StartAsync()
    {
        _busy = true;
        if (await SaveMappingAsync() && await Feedback.TryAsync(async () => _run = await Ops.RunAsync<ImportService, ImportRunDto>((s, ct) => s.StartAsync(_run!.Id, ct))))
        {
            Queue.Enqueue(_run!.Id);
            StartPolling(_run.Id);
        }
        _busy = false;
    }

    private async Task UndoAsync()
    {
        _busy = true;
        var id = _run!.Id;
        await Feedback.TryAsync(async () =>
        {
            _undo = await Ops.RunAsync<ImportService, ImportUndoResult>((s, ct) => s.UndoAsync(id, ct));
            _run = await Ops.RunAsync<ImportService, ImportRunDto>((s, ct) => s.GetAsync(id, ct));
            await LoadRunsAsync();
        });
        _busy = false;
    }

    /// <summary>Follows the run from its record (not from this circuit), once a second, until it ends.</summary>
    private void StartPolling(Guid id)
    {
        var cts = _polling = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(cts.Token))
                {
                    var run = await Ops.RunAsync<ImportService, ImportRunDto>((s, ct) => s.GetAsync(id, ct), cts.Token);
                    var ended = run.Status is not (ImportStatus.Queued or ImportStatus.Running);
                    if (ended) await LoadRunsAsync();
                    await InvokeAsync(() =>
                    {
                        _run = run;
                        StateHasChanged();
                    });
                    if (ended) return;
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    private async Task StopPollingAsync()
    {
        if (_polling is { } p) await p.CancelAsync();
        _polling?.Dispose();
        _polling = null;
    }

    public async ValueTask DisposeAsync() => await StopPollingAsync();
}
