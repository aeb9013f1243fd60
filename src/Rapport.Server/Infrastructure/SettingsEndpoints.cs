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
        return api;
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
