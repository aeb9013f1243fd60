using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Rapport.Core.Customers;
using Rapport.Server.Components.Common;

namespace Rapport.Components.Tests;

/// <summary>A bUnit context with what the app's components need: MudBlazor, the app's real string resources,
/// the UI's operation helpers and a signed-in user. Components render in the culture the test asks for.</summary>
public abstract class UiContext : BunitContext
{
    private readonly CultureInfo _ui = CultureInfo.CurrentUICulture, _culture = CultureInfo.CurrentCulture;

    protected UiContext(string culture = "en")
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton(Options.Create(new CustomerOptions()));
        Services.AddScoped<CircuitInfo>();
        Services.AddScoped<ReaderTime>();
        Services.AddScoped<Ops>();
        Services.AddScoped<Feedback>();
        AddAuthorization().SetAuthorized("admin");
    }

    /// <summary>Renders a component, with the popover provider that MudBlazor's selects and menus need beside it.</summary>
    protected IRenderedComponent<T> RenderWithPopovers<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        Render<MudPopoverProvider>();
        return Render(parameters);
    }

    protected override void Dispose(bool disposing)
    {
        (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (_ui, _culture);
        base.Dispose(disposing);
    }
}
