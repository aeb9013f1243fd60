using Microsoft.AspNetCore.Components;
using Rapport.Core.Settings;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Operations;

/// <summary>A page that edits one settings section: it loads the section, checks a proposed value with the section's own
/// <see cref="ISettingsSection{TSelf}.Validate"/> (the rules the API applies) before saving it through
/// <see cref="SettingsService"/>, and shows each error under its field. A page derives from it, gives its
/// <c>[RequiresPermission]</c> and <see cref="Permission"/> (the one its API needs), and maps the section to its form
/// (<see cref="Show"/>) and back (<see cref="Read"/>); <see cref="SettingsSectionFrame"/> draws the rest.</summary>
public abstract class SettingsSectionPage<TSection> : ComponentBase where TSection : class, ISettingsSection<TSection>
{
    [Inject] protected Ops Ops { get; set; } = default!;
    [Inject] protected Feedback Feedback { get; set; } = default!;
    [Inject] protected IStringLocalizer<SharedResource> T { get; set; } = default!;

    /// <summary>The permission saving needs (as the section's API endpoint).</summary>
    protected virtual string Permission => Permissions.SettingsManage;

    /// <summary>The section as last loaded or saved; null until it is loaded.</summary>
    protected TSection? Current { get; private set; }

    protected IReadOnlyList<FieldError> Errors { get; private set; } = [];

    /// <summary>Whether the caller may open the section's history (<c>/admin/settings</c> needs settings.manage).</summary>
    protected bool CanSeeHistory { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        CanSeeHistory = (await Ops.AccessAsync()).Permissions.Contains(Permissions.SettingsManage);
        await Feedback.TryAsync(async () => Load(await Ops.RunAsync<SettingsService, TSection>((s, ct) => s.GetAsync<TSection>(ct))));
    }

    /// <summary>Fills the form from <paramref name="value"/>.</summary>
    protected abstract void Show(TSection value);

    /// <summary>The section the form describes now.</summary>
    protected abstract TSection Read();

    protected async Task SaveAsync()
    {
        var value = Read();
        Errors = [.. value.Validate()];
        if (Errors.Count > 0)
        {
            Feedback.Warn(T["Problem.Validation"]);
            return;
        }
        if (await Feedback.TryAsync(async () => Load(await Ops.RunAsync<SettingsService, TSection>((s, ct) => s.SaveAsync(value, ct, Permission))), e => Errors = e))
            Feedback.Done(T["Ui.Saved"]);
    }

    /// <summary>Checks the form as it stands, so a wrong value is shown under its field as soon as the field is left
    /// rather than only on Save.</summary>
    protected void Check()
    {
        if (Current is not null) Errors = [.. Read().Validate()];
    }

    /// <summary>Whether a field (or, with a trailing dot, any field under it: <c>sources.</c>) has an error.</summary>
    protected bool Has(string field) => Errors.Any(e => Matches(e, field));

    /// <summary>The localized messages of a field, joined.</summary>
    protected string? ErrorOf(string field) =>
        Has(field) ? string.Join(" ", Errors.Where(e => Matches(e, field)).Select(Feedback.Message).Distinct()) : null;

    private static bool Matches(FieldError e, string field) =>
        field.EndsWith('.') ? e.Field.StartsWith(field, StringComparison.Ordinal) || e.Field == field[..^1] : e.Field == field;

    private void Load(TSection value)
    {
        Current = value;
        Errors = [];
        Show(value);
    }
}
