using Rapport.Core.Preferences;

namespace Rapport.Server.Preferences;

/// <summary>Each user's own preferences: saved views, language.</summary>
internal static class PreferencesModule
{
    public static IServiceCollection AddPreferences(this IServiceCollection services) =>
        services.AddScoped<PreferenceService>().AddScoped<UserTimeZones>();
}
