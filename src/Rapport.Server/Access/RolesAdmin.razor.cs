using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Access;

/// <summary>Roles and their permission × scope grids. Built-in roles are shown read-only and serve as templates
/// ("copy as new role"); custom roles are created, edited (If-Match: two editors cannot overwrite each other) and deleted.</summary>
public sealed partial class RolesAdmin
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private IReadOnlyList<RoleDto> _roles = [];
    /// <summary>The role being edited; null while a new one is drafted.</summary>
    private RoleDto? _selected;
    private RoleMatrix? _matrix;
    private string? _name, _description;
    private bool _requireMfa;

    private bool ReadOnly => _selected is { IsBuiltIn: true };

    protected override Task OnInitializedAsync() => LoadAsync(null);

    private async Task LoadAsync(Guid? select)
    {
        await Feedback.TryAsync(async () => _roles = await Ops.RunAsync<AccessAdminService, IReadOnlyList<RoleDto>>((s, ct) => s.ListRolesAsync(ct)));
        if (select is { } id && _roles.FirstOrDefault(r => r.Id == id) is { } role) Select(role);
    }

    private void Select(RoleDto role)
    {
        _selected = role;
        (_name, _description, _requireMfa, _matrix) = (role.Name, role.Description, role.RequireMfa, RoleMatrix.Of(role));
    }

    private void New()
    {
        _selected = null;
        (_name, _description, _requireMfa, _matrix) = (null, null, false, RoleMatrix.Empty());
    }

    /// <summary>A draft of a new role holding what the selected one grants, under a name that says where it came from.</summary>
    private void Copy()
    {
        if (_selected is not { } from) return;
        _selected = null;
        (_name, _description, _requireMfa, _matrix) = (T["Ui.CopyOfRole", from.Name], from.Description, from.RequireMfa, RoleMatrix.Of(from));
    }

    private async Task SaveAsync()
    {
        if (_matrix is null) return;
        var input = _matrix.ToInput(_name, _description, _requireMfa);
        var editing = _selected;
        RoleDto? saved = null;
        var ok = await Feedback.TryAsync(async () => saved = editing is null
            ? await Ops.RunAsync<AccessAdminService, RoleDto>((s, ct) => s.CreateRoleAsync(input, ct))
            : await Ops.RunAsync<AccessAdminService, RoleDto>((s, ct) => s.UpdateRoleAsync(editing.Id, input, editing.Version, ct)));
        if (!ok || saved is null) return;
        Feedback.Done(T["Ui.Saved"]);
        await LoadAsync(saved.Id);
    }

    private async Task DeleteAsync()
    {
        if (_selected is not { } role) return;
        if (await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], T["Ui.ConfirmDeleteRole", role.Name], T["Ui.Delete"], cancelText: T["Ui.Cancel"]) != true) return;
        if (!await Feedback.TryAsync(() => Ops.RunAsync<AccessAdminService>((s, ct) => s.DeleteRoleAsync(role.Id, role.Version, ct)))) return;
        Feedback.Done(T["Ui.Deleted"]);
        (_selected, _matrix) = (null, null);
        await LoadAsync(null);
    }
}
