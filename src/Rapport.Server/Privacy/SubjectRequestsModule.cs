using Rapport.Core.Privacy.Requests;

namespace Rapport.Server.Privacy;

/// <summary>Data-subject requests (intake, deadlines, access ZIP made in the background, erasure, restriction) and the
/// classification of fields.</summary>
internal static class SubjectRequestsModule
{
    public static IServiceCollection AddSubjectRequests(this IServiceCollection services) => services
        .AddScoped<SubjectRequestService>()
        .AddScoped<SubjectAccessExport>()
        .AddSingleton<SubjectExportRuns>()
        .AddScoped<SubjectExports>()
        .AddScoped<SubjectErasure>()
        .AddScoped<DataClassificationService>()
        .AddSingleton<ISubjectRequestLinks, SubjectRequestLinks>();
}
