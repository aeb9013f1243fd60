using Microsoft.AspNetCore.Components;
using Rapport.Core.Preferences;
using Rapport.Core.ServiceDesk;
using Rapport.Server.Components.Common;

namespace Rapport.Server.ServiceDesk;

public sealed partial class AssignmentRules
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private sealed class Editing
    {
        public Guid? Id;
        public long Version;
        public string? Name;
        public Guid? QueueId;
        public AssignmentMethod Method;
        public bool Active = true;
        public Guid? CategoryId;
        public CasePriority? Priority;
        public Rapport.Core.Customers.ValueTier? Tier;
        public CaseChannel? Channel;
        public string? Keywords;
    }

    private IReadOnlyList<AssignmentRuleDto> _rules = [];
    private IReadOnlyList<TeamNameDto> _teams = [];
    private IReadOnlyList<CaseCategoryDto> _categories = [];
    private Editing _edit = new();

    protected override async Task OnInitializedAsync()
    {
        await Feedback.TryAsync(async () =>
        {
            _teams = await Ops.RunAsync<PreferenceService, IReadOnlyList<TeamNameDto>>((s, ct) => s.TeamsAsync(ct));
            _categories = await Ops.RunAsync<CaseCategoryService, IReadOnlyList<CaseCategoryDto>>((s, ct) => s.ListAsync(ct));
        });
        await LoadAsync();
    }

    private Task LoadAsync() => Feedback.TryAsync(async () => _rules = await Ops.RunAsync<AssignmentRuleService, IReadOnlyList<AssignmentRuleDto>>((s, ct) => s.ListAsync(ct)));

    private static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    private static string CategoryName(CaseCategoryDto c) => Chinese && c.NameZh is { Length: > 0 } zh ? zh : c.Name;

    /// <summary>The rule's conditions in words; "any" when it sets none.</summary>
    private string Conditions(AssignmentRuleDto r)
    {
        var parts = new List<string>();
        if (r.CategoryId is { } c) parts.Add(_categories.FirstOrDefault(x => x.Id == c) is { } category ? CategoryName(category) : c.ToString());
        if (r.Priority is { } p) parts.Add(T["Enum.CasePriority." + p]);
        if (r.Tier is { } t) parts.Add(T["Enum.ValueTier." + t]);
        if (r.Channel is { } ch) parts.Add(T["Enum.CaseChannel." + ch]);
        if (r.Keywords.Count > 0) parts.Add(string.Join(" | ", r.Keywords.Select(k => $"“{k}”")));
        return parts.Count == 0 ? T["Ui.AnyValue"] : string.Join(" · ", parts);
    }

    private void Edit(AssignmentRuleDto r) => _edit = new Editing
    {
        Id = r.Id, Version = r.Version, Name = r.Name, QueueId = r.QueueId, Method = r.Method, Active = r.Active, CategoryId = r.CategoryId,
        Priority = r.Priority, Tier = r.Tier, Channel = r.Channel, Keywords = string.Join('\n', r.Keywords),
    };

    private void Reset() => _edit = new Editing();

    private async Task SaveAsync()
    {
        var e = _edit;
        var input = new AssignmentRuleInput(e.Name, e.QueueId, e.Method, e.CategoryId, e.Priority, e.Tier, e.Channel,
            [.. (e.Keywords ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], e.Active);
        var ok = await Feedback.TryAsync(() => e.Id is not { } id
            ? Ops.RunAsync<AssignmentRuleService, AssignmentRuleDto>((s, ct) => s.CreateAsync(input, ct))
            : Ops.RunAsync<AssignmentRuleService, AssignmentRuleDto>((s, ct) => s.UpdateAsync(id, input, e.Version, ct)));
        if (!ok) return;
        Feedback.Done(T["Ui.Saved"]);
        Reset();
        await LoadAsync();
    }

    private async Task MoveAsync(AssignmentRuleDto r, int position)
    {
        if (!await Feedback.TryAsync(() => Ops.RunAsync<AssignmentRuleService, AssignmentRuleDto>((s, ct) => s.MoveAsync(r.Id, new AssignmentRuleMoveInput(position), r.Version, ct)))) return;
        await LoadAsync();
    }

    private async Task DeleteAsync(AssignmentRuleDto r)
    {
        if (!await Feedback.TryAsync(() => Ops.RunAsync<AssignmentRuleService>((s, ct) => s.DeleteAsync(r.Id, r.Version, ct)))) return;
        Feedback.Done(T["Ui.Deleted"]);
        if (_edit.Id == r.Id) Reset();
        await LoadAsync();
    }

    private async Task ApplyAsync()
    {
        AssignmentApplyResult? result = null;
        if (!await Feedback.TryAsync(async () => result = await Ops.RunAsync<AssignmentRuleService, AssignmentApplyResult>((s, ct) => s.ApplyToUnassignedAsync(ct)))) return;
        Feedback.Done(T["Ui.AppliedRules", result!.Assigned, result.Examined].Value);
    }
}
