using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.OpenApi;
using MudBlazor.Services;
using Rapport.Core.Settings;
using Rapport.Server.Access;
using Rapport.Server.Audit;
using Rapport.Server.Components.Common;
using Rapport.Server.Customers;
using Rapport.Server.Dashboards;
using Rapport.Server.Identity;
using Rapport.Server.Imports;
using Rapport.Server.Jobs;
using Rapport.Server.Knowledge;
using Rapport.Server.Leads;
using Rapport.Server.Mail;
using Rapport.Server.Marketing;
using Rapport.Server.Marketing.Campaigns;
using Rapport.Server.Marketing.Journeys;
using Rapport.Server.Notifications;
using Rapport.Server.Observability;
using Rapport.Server.Operations;
using Rapport.Server.Preferences;
using Rapport.Server.Privacy;
using Rapport.Server.Quality;
using Rapport.Server.Reports;
using Rapport.Server.Retention;
using Rapport.Server.Sales;
using Rapport.Server.ServiceDesk;
using Scalar.AspNetCore;

namespace Rapport.Server.Infrastructure;

/// <summary>Everything the host registers and maps, in one place, so the app, the CLI and the tests build it alike.</summary>
public static class ServiceSetup
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("zh-CN")];

    public static WebApplicationBuilder AddRapport(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        builder.Logging.AddRapportLogging();
        services.AddRapportDatabase();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        // Inside a request: the signed-in caller. Outside one (background jobs, CLI verbs): the system, which reaches all.
        // In a UI operation (see Ops): the circuit's signed-in user.
        services.AddScoped<CircuitCaller>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CircuitCaller>() is { IsSet: true } caller ? caller
            : sp.GetRequiredService<IHttpContextAccessor>().HttpContext is { } http ? new HttpCurrentUser(http)
            : new SystemUser());
        services.AddMemoryCache(BoundedCache.Bound);
        services.AddScoped<SettingsService>();
        services.AddScoped<CompanyService>();
        services.AddScoped<DatabaseInitializer>();
        // StartupTasks first: hosted services start in order, and the modules' jobs need the migrated database.
        services.AddHostedService<StartupTasks>();
        // Each module registers its own services, options and jobs (see "Adding a module" in docs/modules.md).
        services.AddJobs(config);
        services.AddIdentityModule(config);
        services.AddAccess();
        services.AddPreferences();
        services.AddAuditTrail();
        services.AddPrivacy();
        services.AddConsent();
        services.AddSubjectRequests();
        services.AddCustomers(config);
        services.AddLeads();
        services.AddSales(config);
        services.AddServiceDesk(config);
        services.AddKnowledge(config);
        services.AddSla();
        services.AddMail(config);
        services.AddNotifications(config);
        services.AddObservability(config);
        services.AddBackups(config);
        services.AddReports(config);
        services.AddImports(config);
        services.AddRetention();
        services.AddQuality(config);
        services.AddSegments();
        services.AddCampaigns(config);
        services.AddJourneys();
        services.AddSystemAdmin();

        // The web UI: Blazor with interactive server rendering and MudBlazor.
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingUserStateProvider>();
        services.AddScoped<CircuitInfo>();
        services.AddScoped<ReaderTime>();
        services.AddScoped<Ops>();
        services.AddScoped<Feedback>();

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.ApplyCurrentCultureToResponseHeaders = true;
        });

        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // `dotnet run` from the source tree serves the packages' styles and scripts (MudBlazor's) from the build's manifest
        // in every environment, not only Development, so the quick start can run with production settings. A published
        // app has no such manifest and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            // Naming the server software only helps someone matching it against known vulnerabilities.
            k.AddServerHeader = false;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.AddRapportSecurity();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAntiforgery();

        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Rapport API";
            doc.Info.Description = "Customers, contacts, interactions and search; roles, teams, users, audit trail and settings. Authenticate with `Authorization: Bearer <personal access token>`.";
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "Personal access token (rpt_…)",
            };
            return Task.CompletedTask;
        }));

        services.AddHealthChecks()
            .AddDbContextCheck<RapportDbContext>("database", tags: ["ready"])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: ["ready"]);
        return builder;
    }

    public static void Configure(JsonSerializerOptions o)
    {
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.Converters.Add(new SafeStringConverter());
    }

    public static WebApplication UseRapport(this WebApplication app)
    {
        app.UseRequestOutcomes();
        // Culture first: the error handlers below localize their problem details with it.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseInputGuard();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        // After authentication, so that per-user policies (PDF generation, password checks) know the user.
        app.UseRateLimiter();
        app.UseMiddleware<AccessMiddleware>();
        app.UseAccountGates();
        app.UseAuthorization();
        app.UseReaderTimeZone();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapVersionedHealth();
        app.MapOpenApi().AllowAnonymous();
        app.MapRapportMetrics();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Rapport API")).AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();

        app.MapAccountApi();
        app.MapMfaApi();
        app.MapPasskeyApi();
        app.MapCultureSwitch();
        app.MapInvitationPages();
        app.MapPublicLeadForms();
        app.MapHelpCentre();
        app.MapPublicCaseForms();
        app.MapCasePortal();
        app.MapUnsubscribePages();
        app.MapPublicSubjectRequests();
        app.MapCampaignTracking();
        // Every module's REST API under one /api/v1 group with shared conventions (see ApiConventions).
        var api = app.MapApiRoot();
        api.MapCustomersApi();
        api.MapAccessApi();
        api.MapUsersApi();
        api.MapAuditApi();
        api.MapPrivacyApi();
        api.MapConsentApi();
        api.MapSubjectRequestsApi();
        api.MapSettingsApi();
        api.MapPreferencesApi();
        api.MapLeadsApi();
        api.MapSalesApi();
        api.MapProductsApi();
        api.MapQuotesApi();
        api.MapOrdersApi();
        api.MapContractsApi();
        api.MapCasesApi();
        api.MapCaseCategoriesApi();
        api.MapMacrosApi();
        api.MapAssignmentRulesApi();
        api.MapCaseFormsApi();
        api.MapArticlesApi();
        api.MapSlaApi();
        api.MapMailApi();
        api.MapMailboxesApi();
        api.MapNotificationsApi();
        api.MapJobsApi();
        api.MapLogsApi();
        api.MapBackupsApi();
        api.MapReportsApi();
        api.MapAnalysisDocumentsApi();
        api.MapExportsApi();
        api.MapDashboardsApi();
        api.MapSystemApi();
        api.MapImportsApi();
        api.MapRetentionApi();
        api.MapQualityApi();
        api.MapSegmentsApi();
        api.MapCampaignsApi();
        api.MapJourneysApi();
        return app;
    }
}
