using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Core.Preferences;
using Rapport.Core.Settings;

namespace Rapport.Server.Tests.Preferences;

/// <summary>Each person reads times in their own zone: chosen on the account page (or taken from the browser at the
/// first sign-in), else the company's; exports write instants in it.</summary>
public abstract partial class TimeZoneTests(RapportApp app)
{
    private static string Name() => "tz-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_user_sets_their_zone_and_an_unknown_zone_is_refused_with_a_clear_message()
    {
        var user = app.ClientWithToken(await app.CreateUserWithTokenAsync(Name()));

        var saved = await (await user.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput(null, null, "Asia/Shanghai")))
            .Content.ReadFromJsonAsync<PreferencesDto>(Ct);
        var refused = await (await user.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput(null, null, "Mars/Olympus_Mons")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("Asia/Shanghai", saved!.TimeZone);
        Assert.Contains("timeZone", refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("Asia/Shanghai", (await user.GetFromJsonAsync<PreferencesDto>("/api/v1/account/preferences", Ct))!.TimeZone);
    }

    [Fact]
    public async Task The_first_sign_in_takes_the_browsers_zone_and_a_later_one_does_not_override_a_choice()
    {
        var name = Name();
        var token = await app.CreateUserWithTokenAsync(name);

        await SignInWithFormAsync(name, "America/New_York");
        Assert.Equal("America/New_York", await ZoneOfAsync(token));

        await (await app.ClientWithToken(token).PutJsonAsync("/api/v1/account/preferences", new PreferencesInput(null, null, "Asia/Shanghai")))
            .ShouldBeAsync(HttpStatusCode.OK);
        await SignInWithFormAsync(name, "Europe/London");
        Assert.Equal("Asia/Shanghai", await ZoneOfAsync(token));
    }

    [Fact]
    public async Task A_browser_that_names_no_known_zone_leaves_the_company_zone_in_charge()
    {
        var name = Name();
        var token = await app.CreateUserWithTokenAsync(name);

        await SignInWithFormAsync(name, "not a zone");

        Assert.Null(await ZoneOfAsync(token));
    }

    [Fact]
    public async Task The_company_zone_is_an_administrators_setting_and_must_be_a_real_zone()
    {
        var admin = await app.AdminClientAsync();
        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync(Name(), Roles.SalesRepresentative));

        var refused = await (await admin.PutJsonAsync("/api/v1/admin/settings/regional", new RegionalSettings("Atlantis/Capital")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await rep.PutJsonAsync("/api/v1/admin/settings/regional", new RegionalSettings("Asia/Shanghai"))).ShouldBeAsync(HttpStatusCode.Forbidden);

        Assert.Contains("timeZone", refused["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task An_export_writes_instants_in_the_readers_zone_with_their_offset()
    {
        var name = Name();
        var reader = app.ClientWithToken(await app.CreateUserWithTokenAsync(name, Roles.Administrator));
        await (await reader.PutJsonAsync("/api/v1/account/preferences", new PreferencesInput(null, null, "Asia/Shanghai"))).ShouldBeAsync(HttpStatusCode.OK);
        var created = await (await app.AdminClientAsync()).CreateAsync(CustomerSamples.Valid());

        var csv = await reader.GetStringAsync("/api/v1/audit/export?entityId=" + created.Id, Ct);

        var at = Instant().Match(csv);
        Assert.True(at.Success, csv);
        Assert.Equal("+08:00", at.Groups["offset"].Value);
        // The instant itself is unchanged: the entry was written moments ago.
        Assert.InRange(DateTimeOffset.Parse(at.Value, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(?<offset>[+-]\d\d:\d\d)")]
    private static partial Regex Instant();

    private async Task SignInWithFormAsync(string name, string browserZone)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var page = await (await browser.GetAsync("/account/login", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("name=\"timeZone\"", page, StringComparison.Ordinal);
        var antiforgery = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["userName"] = name, ["password"] = RapportApp.AdminPassword,
            ["returnUrl"] = "/", ["timeZone"] = browserZone,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    private async Task<string?> ZoneOfAsync(string token) =>
        (await app.ClientWithToken(token).GetFromJsonAsync<PreferencesDto>("/api/v1/account/preferences", Ct))!.TimeZone;
}

public sealed class TimeZonesOnSqlite(SqliteApp app) : TimeZoneTests(app), IClassFixture<SqliteApp>;

public sealed class TimeZonesOnPostgres(PostgresApp app) : TimeZoneTests(app), IClassFixture<PostgresApp>;
