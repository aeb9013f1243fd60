using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Retention;

namespace Rapport.Server.Retention;

public sealed partial class RetentionPage
{
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    /// <summary>One policy's row in the form; the audit row has no limit (its age is the audit section's).</summary>
    private sealed class Row(string policy, RetentionLimit? limit)
    {
        public string Policy { get; } = policy;
        public RetentionLimit? Limit { get; } = limit;
        public bool Enabled { get; set; }
        public int After { get; set; }
    }

    private readonly List<Row> _rows =
        [.. RetentionSettings.Limits.Select(l => new Row(l.Policy, l)), new Row(RetentionPolicies.Audit, null)];
    private readonly Dictionary<string, RetentionPreview> _previews = [];
    private List<RetentionRunDto>? _runs;
    private string? _opened;

    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        await Feedback.TryAsync(async () =>
        {
            foreach (var p in await Ops.RunAsync<RetentionService, IReadOnlyList<RetentionPreview>>((s, ct) => s.PreviewAllAsync(ct)))
                _previews[p.Policy] = p;
        });
        await LoadRunsAsync();
    }

    protected override void Show(RetentionSettings value)
    {
        foreach (var row in _rows.Where(r => r.Limit is not null))
        {
            var rule = value.RuleOf(row.Policy) ?? RetentionSettings.Defaults.RuleOf(row.Policy)!;
            (row.Enabled, row.After) = (rule.Enabled, rule.After);
        }
    }

    protected override RetentionSettings Read()
    {
        RetentionRule Rule(string policy)
        {
            var row = _rows.First(r => r.Policy == policy);
            return new(row.Enabled, row.After);
        }
        return new(Rule(RetentionPolicies.Leads), Rule(RetentionPolicies.Interactions), Rule(RetentionPolicies.Cases),
            Rule(RetentionPolicies.Mail), Rule(RetentionPolicies.Imports));
    }

    private async Task PreviewAsync(string policy)
    {
        _opened = policy;
        await Feedback.TryAsync(async () => _previews[policy] = await Ops.RunAsync<RetentionService, RetentionPreview>((s, ct) => s.PreviewAsync(policy, ct)));
    }

    /// <summary>Applies a policy with its saved settings, after the user confirmed the count it would remove.</summary>
    private async Task ApplyAsync(string policy)
    {
        await PreviewAsync(policy);
        var count = _previews.TryGetValue(policy, out var p) ? p.Count : 0;
        if (await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], T["Ui.RetentionConfirmApply", T[$"Retention.Policy.{policy}"], count],
                T["Ui.RetentionApplyNow"], cancelText: T["Ui.Cancel"]) != true) return;
        if (await Feedback.TryAsync(async () =>
            {
                var run = await Ops.RunAsync<RetentionService, RetentionRunDto>((s, ct) => s.ApplyAsync(policy, ct));
                Feedback.Done(T["Ui.RetentionApplied", run.Count]);
            }))
        {
            await PreviewAsync(policy);
            await LoadRunsAsync();
        }
    }

    private Task LoadRunsAsync() => Feedback.TryAsync(async () =>
        _runs = [.. (await Ops.RunAsync<RetentionService, Page<RetentionRunDto>>((s, ct) => s.HistoryAsync(null, null, 20, ct))).Items]);
}
