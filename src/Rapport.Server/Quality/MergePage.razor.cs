using Microsoft.AspNetCore.Components;
using Rapport.Core.Customers;
using Rapport.Core.Quality;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Quality;

/// <summary>Two customers side by side: which one survives and, per field, whose value it keeps; then merge, and undo.</summary>
public partial class MergePage
{
    [Parameter] public Guid A { get; set; }
    [Parameter] public Guid B { get; set; }
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    // The fields shown side by side (the sensitive ones stay with the survivor here; the API can take them with pii.reveal).
    private static readonly string[] Fields = ["name", "kind", "industry", "source", "owner", "tier", "stage", "notes", "addresses"];

    private CustomerDto? _a, _b;
    private bool _keepA = true, _busy;
    // Fields whose value comes from the record that does not survive.
    private readonly HashSet<string> _fromLoser = [];
    private CustomerMergeDto? _merge;

    private CustomerDto? Loser => _keepA ? _b : _a;

    protected override async Task OnParametersSetAsync()
    {
        await Feedback.TryAsync(async () =>
        {
            _a = await Ops.RunAsync<CustomerService, CustomerDto>((s, ct) => s.GetAsync(A, ct));
            _b = await Ops.RunAsync<CustomerService, CustomerDto>((s, ct) => s.GetAsync(B, ct));
        });
    }

    private bool Chosen(string field, bool fromA) => fromA == _keepA ? !_fromLoser.Contains(field) : _fromLoser.Contains(field);

    private void Choose(string field, bool fromA, bool on)
    {
        var fromLoser = fromA != _keepA;
        if (on == fromLoser) _fromLoser.Add(field);
        else _fromLoser.Remove(field);
    }

    private string Show(CustomerDto c, string field) => field switch
    {
        "name" => c.Name,
        "kind" => T[$"Enum.CustomerKind.{c.Kind}"],
        "industry" => c.Industry ?? "—",
        "source" => c.Source ?? "—",
        "owner" => c.OwnerName ?? "—",
        "tier" => T[$"Enum.ValueTier.{c.Tier}"],
        "stage" => T[$"Enum.LifecycleStage.{c.Stage}"],
        "notes" => c.Notes ?? "—",
        _ => string.Join("; ", c.Addresses.Select(a => string.Join(", ", new[] { a.Street, a.City, a.Region, a.Country }.Where(x => !string.IsNullOrEmpty(x))))),
    };

    private async Task MergeAsync()
    {
        var (survivor, loser) = _keepA ? (_a!, _b!) : (_b!, _a!);
        _busy = true;
        await Feedback.TryAsync(async () => _merge = await Ops.RunAsync<MergeService, CustomerMergeDto>((s, ct) =>
            s.MergeAsync(survivor.Id, new MergeInput(loser.Id, loser.Version, [.. _fromLoser]), survivor.Version, ct)));
        _busy = false;
    }

    private async Task UndoAsync()
    {
        var merge = _merge!;
        if (await Feedback.TryAsync(async () => _merge = await Ops.RunAsync<MergeService, CustomerMergeDto>((s, ct) => s.UndoAsync(merge.Id, merge.Version, ct))))
            Feedback.Done(T["Ui.MergeUndone"]);
    }
}
