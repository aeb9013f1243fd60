namespace Rapport.Server.Access;

/// <summary>Roles, teams and record scope: who may do what, and to which records.</summary>
internal static class AccessModule
{
    public static IServiceCollection AddAccess(this IServiceCollection services) =>
        services.AddScoped<AccessResolver>().AddScoped<AccessAdminService>();
}
