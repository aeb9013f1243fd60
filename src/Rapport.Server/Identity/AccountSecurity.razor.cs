using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using QRCoder;
using Rapport.Core.Preferences;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Identity;

/// <summary>The signed-in user's own security: password, authenticator and recovery codes, passkeys and personal
/// access tokens. Reads go through <see cref="Ops"/>; changes that renew the security stamp go through the JSON API
/// from the browser (rapport.api), because only an HTTP response can refresh this browser's session cookie.</summary>
public sealed partial class AccountSecurity
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private MfaStatus? _mfa;
    private AuthenticatorSetup? _setup;
    private string? _qr, _code, _codeError, _tokenName, _secret;
    private int _tokenDays = 90;
    private IReadOnlyList<string>? _codes;
    private IReadOnlyList<PasskeyDto> _passkeys = [];
    private IReadOnlyList<TokenDto> _tokens = [];
    private Guid _me;
    private string? _timeZone;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _me = Guid.Parse((await Auth.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        _timeZone = Time.Zone.Id;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _mfa = await Ops.RunAsync<MfaService, MfaStatus>((s, ct) => s.StatusAsync(ct));
        _passkeys = await Ops.RunAsync<PasskeyService, IReadOnlyList<PasskeyDto>>((s, ct) => s.ListAsync(ct));
        _tokens = await Ops.RunAsync<TokenService, IReadOnlyList<TokenDto>>((s, ct) => s.ListAsync(_me, ct));
    }

    internal static Task<IEnumerable<string>> SearchZones(string? text, CancellationToken ct) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text) ? TimeZones.All
            : TimeZones.All.Where(z => z.Contains(text.Trim().Replace(' ', '_'), StringComparison.OrdinalIgnoreCase)));

    private async Task SaveTimeZoneAsync()
    {
        var zone = _timeZone;
        if (await Feedback.TryAsync(() => Ops.RunAsync<PreferenceService, PreferencesDto>((s, ct) => s.SetAsync(new PreferencesInput(null, null, zone), ct))))
        {
            // This circuit shows times in the new zone at once; other tabs when they next load.
            Time.Use(zone);
            Feedback.Done(T["Ui.TimeZoneSaved"]);
        }
    }

    private sealed record ApiResult(int Status, string Body);

    /// <summary>One call to the JSON API; a problem response becomes the same localized message the API wrote.</summary>
    private async Task<TResult?> ApiAsync<TResult>(string method, string url, object? body = null)
    {
        var result = await Js.InvokeAsync<ApiResult>("rapport.api", method, url, body);
        if (result.Status is >= 200 and < 300)
            return string.IsNullOrEmpty(result.Body) ? default : JsonSerializer.Deserialize<TResult>(result.Body, Web);
        JsonElement? problem = string.IsNullOrEmpty(result.Body) ? null : JsonSerializer.Deserialize<JsonElement>(result.Body);
        string? message = T["Problem.Unexpected"];
        if (problem is { } p && p.TryGetProperty("errors", out var errors))
            message = string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(x => x.GetString())));
        else if (problem is { } q && q.TryGetProperty("title", out var title)) message = title.GetString();
        throw new ApiProblem(message ?? "");
    }

    private sealed class ApiProblem(string message) : Exception(message);

    private async Task<bool> TryApiAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (ApiProblem e)
        {
            _codeError = e.Message;
            Feedback.Warn(e.Message);
            return false;
        }
    }

    private async Task BeginAsync() => await TryApiAsync(async () =>
    {
        _setup = await ApiAsync<AuthenticatorSetup>("POST", "/api/v1/account/mfa/authenticator");
        using var qr = QRCodeGenerator.GenerateQrCode(_setup!.Uri, QRCodeGenerator.ECCLevel.M);
        _qr = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(qr).GetGraphic(6));
    });

    private async Task VerifyAsync() => await TryApiAsync(async () =>
    {
        _codes = (await ApiAsync<RecoveryCodes>("POST", "/api/v1/account/mfa/authenticator/verify", new MfaCodeInput(_code)))!.Codes;
        (_setup, _code, _codeError) = (null, null, null);
        await LoadAsync();
    });

    private async Task NewRecoveryCodesAsync() => await TryApiAsync(async () =>
    {
        _codes = (await ApiAsync<RecoveryCodes>("POST", "/api/v1/account/mfa/recovery-codes", new MfaCodeInput(_code)))!.Codes;
        (_code, _codeError) = (null, null);
        await LoadAsync();
    });

    private async Task DisableAsync() => await TryApiAsync(async () =>
    {
        await ApiAsync<object>("POST", "/api/v1/account/mfa/disable", new MfaDisableInput(_code, null));
        (_code, _codeError, _codes) = (null, null, null);
        await LoadAsync();
    });

    private async Task AddPasskeyAsync()
    {
        var name = await TextPrompt.AskAsync(Dialogs, T["Ui.AddPasskey"], T["Ui.PasskeyName"], T["Ui.PasskeyDefaultName"]);
        if (name is null) return;
        var status = await Js.InvokeAsync<int>("rapport.registerPasskey", name);
        if (status == 201) Feedback.Done(T["Ui.PasskeyAdded"]);
        else if (status != 0) Feedback.Warn(T["Validation.Passkey"]);
        await LoadAsync();
    }

    private async Task RemovePasskeyAsync(PasskeyDto passkey)
    {
        var ok = await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], T["Ui.ConfirmRemovePasskey", passkey.Name], yesText: T["Ui.Delete"], cancelText: T["Ui.Cancel"]);
        if (ok != true) return;
        if (await TryApiAsync(() => ApiAsync<object>("DELETE", $"/api/v1/account/passkeys/{passkey.Id}"))) await LoadAsync();
    }

    private async Task CreateTokenAsync()
    {
        var input = new TokenInput(_tokenName, _tokenDays);
        CreatedToken? created = null;
        if (await Feedback.TryAsync(async () => created = await Ops.RunAsync<TokenService, CreatedToken>((s, ct) => s.CreateAsync(_me, input, ct))))
        {
            _secret = created!.Secret;
            _tokenName = null;
            await LoadAsync();
        }
    }

    private async Task RevokeTokenAsync(TokenDto token)
    {
        if (await Feedback.TryAsync(() => Ops.RunAsync<TokenService>((s, ct) => s.RevokeAsync(_me, token.Id, ct)))) await LoadAsync();
    }

    private async Task SignOutEverywhereAsync()
    {
        var ok = await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], T["Ui.ConfirmSignOutEverywhere"], yesText: T["Ui.SignOutEverywhere"], cancelText: T["Ui.Cancel"]);
        if (ok != true) return;
        await Js.InvokeAsync<ApiResult>("rapport.api", "POST", "/api/v1/account/sessions/revoke-all", null);
        Nav.NavigateTo("/account/login", forceLoad: true);
    }
}
