using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Core.Audit;
using Rapport.Core.Privacy;
using Rapport.Core.Settings;

namespace Rapport.Server.Infrastructure;

/// <summary>GET/PUT <c>/api/v1/admin/settings/{section}</c> for every administrator-editable settings section.</summary>
internal static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/admin/settings").WithTags("Settings");
        Section<AuditSettings>(settings, "GetAuditSettings", "SaveAuditSettings", "How long audit entries are kept (30–3650 days).");
        Section<SensitiveFields>(settings, "GetSensitiveFields", "SaveSensitiveFields", "Which customer fields are shown masked: nationalId, bankAccount, dateOfBirth, phones, emails.");
        Section<RegionalSettings>(settings, "GetRegionalSettings", "SaveRegionalSettings", "The company's time zone (IANA id such as Asia/Shanghai): documents, schedules, and users who have not chosen one.");
        Section<PasswordPolicy>(settings, "GetPasswordPolicy", "SavePasswordPolicy", "Password rules: length, character classes, common passwords, history, expiry.");
        MapCompany(settings);
        return api;
    }

    /// <summary>The company profile that documents print (until saved, its legal name is the sales settings' company
    /// name) and its logo.</summary>
    private static void MapCompany(RouteGroupBuilder settings)
    {
        const string summary = "The company as documents present it: legal name, address, tax id, phone, email, website and bank details.";
        settings.MapGet("/" + CompanyProfile.Key, (CompanyService s, ICurrentUser user, CancellationToken ct) =>
            {
                user.Require(Permissions.SettingsManage);
                return s.ProfileAsync(ct);
            })
            .WithName("GetCompanyProfile").WithSummary(summary);
        settings.MapPut("/" + CompanyProfile.Key, (CompanyProfile input, CompanyService s, CancellationToken ct) => s.SaveAsync(input, ct))
            .WithName("SaveCompanyProfile").WithSummary(summary);
        settings.MapGet("/company/logo", async Task<Results<FileContentHttpResult, NotFound>> (CompanyService s, ICurrentUser user, CancellationToken ct) =>
            {
                user.Require(Permissions.SettingsManage);
                return await s.LogoAsync(ct) is { } logo ? TypedResults.File(logo.Data, logo.ContentType) : TypedResults.NotFound();
            })
            .WithName("GetCompanyLogo").WithSummary("The logo printed on documents (404 when there is none).");
        settings.MapPut("/company/logo", async (IFormFile file, CompanyService s, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                return await s.SaveLogoAsync(stream, ct);
            })
            // Bearer-token API (browsers' cookies are SameSite=Lax, so other sites cannot post here as the user).
            .DisableAntiforgery()
            .WithName("SaveCompanyLogo").WithSummary("Upload the logo (multipart field \"file\"): a PNG or JPEG image of at most 512 KB, checked by content.");
        settings.MapDelete("/company/logo", (CompanyService s, CancellationToken ct) => Answers.NoContentAfter(s.DeleteLogoAsync(ct)))
            .WithName("DeleteCompanyLogo").WithSummary("Remove the logo.");
    }

    /// <summary>GET and PUT of one section, for holders of <paramref name="permission"/>.</summary>
    internal static void Section<T>(RouteGroupBuilder group, string getName, string saveName, string summary,
        string permission = Permissions.SettingsManage) where T : class, ISettingsSection<T>
    {
        group.MapGet("/" + T.Key, (SettingsService s, ICurrentUser user, CancellationToken ct) =>
            {
                user.Require(permission);
                return s.GetAsync<T>(ct);
            })
            .WithName(getName).WithSummary(summary);
        group.MapPut("/" + T.Key, (T input, SettingsService s, CancellationToken ct) => s.SaveAsync(input, ct, permission))
            .WithName(saveName).WithSummary(summary);
    }
}
