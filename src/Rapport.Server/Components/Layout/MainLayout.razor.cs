using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Rapport.Core.Preferences;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Components.Layout;

public sealed partial class MainLayout
{
    /// <summary>Rapport's palette: calm blue primary, readable in both modes.</summary>
    internal static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3b5bdb", Secondary = "#7048e8", AppbarBackground = "#3b5bdb", Background = "#f4f5f7" },
        PaletteDark = new PaletteDark { Primary = "#748ffc", Secondary = "#b197fc", AppbarBackground = "#20232a", Background = "#16181d", Surface = "#20232a" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = ["system-ui", "Noto Sans CJK SC", "Microsoft YaHei", "sans-serif"] } },
    };

    private MudThemeProvider? _themeProvider;
    private bool _dark;
    private bool _drawer = true;
    private string? _theme;
    private string? _remembered;
    private string _name = "";
    private UserAccess? _access;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    [Inject] private CircuitInfo Circuit { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // Before anything is awaited, so the first render is in the theme the page shell was painted in.
        _dark = Circuit.Theme == "dark";
        _remembered = Circuit.Theme;
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        _name = user.FindFirstValue(Identity.RapportClaimsFactory.DisplayName) ?? user.Identity?.Name ?? "";
        if (user.Identity?.IsAuthenticated != true) return;
        _access = await Ops.AccessAsync();
        _theme = (await Ops.RunAsync<PreferenceService, PreferencesDto>((s, ct) => s.GetAsync(ct))).Theme;
        if (_theme is not null) _dark = _theme == "dark";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // No saved choice and no theme shown before in this browser: follow the operating system.
        if (firstRender && _theme is null && Circuit.Theme is null && _themeProvider is not null)
        {
            _dark = await _themeProvider.GetSystemDarkModeAsync();
            StateHasChanged();
        }
        // The browser keeps what it shows, for the next page shell.
        var shown = _dark ? "dark" : "light";
        if (shown != _remembered)
        {
            _remembered = shown;
            await Js.InvokeVoidAsync("rapport.theme", shown);
        }
    }

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        _theme = _dark ? "dark" : "light";
        await Ops.RunAsync<PreferenceService, PreferencesDto>((s, ct) => s.SetAsync(new PreferencesInput(null, _theme), ct));
    }

    /// <summary>A full page load: the culture cookie is set by the server and the whole circuit restarts in the new language.</summary>
    private void SetCulture(string culture) =>
        Nav.NavigateTo($"/account/culture?culture={culture}&returnUrl={Uri.EscapeDataString("/" + Nav.ToBaseRelativePath(Nav.Uri))}", forceLoad: true);

    private async Task SignOutAsync() => await Js.InvokeVoidAsync("rapport.signOut");
}
