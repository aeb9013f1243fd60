using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Rapport.Core.Operations;
using Rapport.Server.Cli;
using Rapport.Server.Operations;

namespace Rapport.Server.Tests.Operations;

/// <summary>The app as an operator configured it through the environment, with one more module reporting on the system page.</summary>
public abstract class ConfiguredApp(Provider provider) : RapportApp(provider)
{
    /// <summary>Environment variables only this app reads (through its own prefix), so no other test's app sees them.</summary>
    private readonly string _prefix = "RAPPORT_T" + Guid.NewGuid().ToString("N")[..8] + "_";

    public const string EnvironmentSecret = "Env-Canary-Secret-4471";

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        Environment.SetEnvironmentVariable(_prefix + "Knowledge__CaseFormToken", EnvironmentSecret);
        Environment.SetEnvironmentVariable(_prefix + "Mail__MaxAttempts", "9");
        builder.ConfigureAppConfiguration(c => c.AddEnvironmentVariables(_prefix));
        builder.ConfigureTestServices(s => s.AddScoped<ISystemFact, LastBackupFact>().AddScoped<ISystemFact, BrokenFact>());
    }

    private sealed class LastBackupFact : ISystemFact
    {
        public Task<IReadOnlyList<SystemFact>> ReadAsync(CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<SystemFact>>([new("Ui.LastBackupTest", "ok", SystemFactState.Ok)]);
    }

    private sealed class BrokenFact : ISystemFact
    {
        public Task<IReadOnlyList<SystemFact>> ReadAsync(CancellationToken ct) => throw new InvalidOperationException("no jobs store");
    }
}

public sealed class ConfiguredSqliteApp() : ConfiguredApp(Provider.Sqlite);

public sealed class ConfiguredPostgresApp() : ConfiguredApp(Provider.Postgres);

/// <summary>The system page's report, the effective configuration, and the version the app reports everywhere.</summary>
public abstract class SystemTests(ConfiguredApp app)
{
    private async Task<T> GetAsync<T>(string url)
    {
        var response = await (await app.AdminClientAsync()).GetAsync(url, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<T>();
    }

    [Fact]
    public async Task A_secret_set_in_the_environment_is_listed_masked_with_its_source()
    {
        var entries = await GetAsync<List<ConfigurationEntry>>("/api/v1/admin/configuration");
        var raw = JsonSerializer.Serialize(entries);

        Assert.Equal(new ConfigurationEntry("Knowledge:CaseFormToken", Secrets.Mask, ConfigurationSource.Environment), entries.Single(e => e.Key == "Knowledge:CaseFormToken"));
        Assert.DoesNotContain(EnvironmentSecretText, raw, StringComparison.Ordinal);
        Assert.Equal(new ConfigurationEntry("Mail:MaxAttempts", "9", ConfigurationSource.Environment), entries.Single(e => e.Key == "Mail:MaxAttempts"));
        Assert.Equal(new ConfigurationEntry("Mail:BatchSize", "50", ConfigurationSource.Default), entries.Single(e => e.Key == "Mail:BatchSize"));
        Assert.Equal(ConfigurationSource.File, entries.Single(e => e.Key == "Customers:NumberPattern").Source);
        Assert.Equal("appsettings.json", entries.Single(e => e.Key == "Customers:NumberPattern").Origin);
        Assert.Equal(new ConfigurationEntry("audit.retentionDays", "180", ConfigurationSource.Default, "settings"), entries.Single(e => e.Key == "audit.retentionDays"));
        Assert.DoesNotContain(entries, e => e.Key is "PATH" or "HOME");
        Assert.Equal(Secrets.Mask, entries.Single(e => e.Key == "RAPPORT_ADMIN_PASSWORD").Value);
        if (app.Provider == Provider.Postgres)
            Assert.Contains("Password=***", entries.Single(e => e.Key == "Database:ConnectionString").Value, StringComparison.OrdinalIgnoreCase);
    }

    private static string EnvironmentSecretText => ConfiguredApp.EnvironmentSecret;

    [Fact]
    public async Task The_system_report_names_version_database_size_health_and_each_modules_facts()
    {
        var report = await GetAsync<SystemReport>("/api/v1/admin/system");

        Assert.Equal(AppVersion.Semantic, report.Version);
        Assert.Equal(app.Provider.ToString(), report.Provider);
        Assert.True(report.DatabaseBytes > 0, $"database size {report.DatabaseBytes}");
        Assert.Contains(report.Health, h => h.Name == "database" && h.Status == "Healthy");
        Assert.Contains(report.Health, h => h.Name == "migrations" && h.Status == "Healthy");
        Assert.Contains(report.Directories, d => d.Name == "Ui.DataDirectory" && d.Path == Path.GetFullPath(app.DataDirectory));
        Assert.True(report.Uptime >= TimeSpan.Zero);
        Assert.Contains(report.Facts, f => f.Label == "Ui.AuditChainHead");
        Assert.Contains(new SystemFact("Ui.LastBackupTest", "ok", SystemFactState.Ok), report.Facts); // a module's line, no page edit
        Assert.Contains(report.Facts, f => f.Label == "Ui.SystemFactFailed" && f.State == SystemFactState.Error); // one failing module
    }

    [Fact]
    public async Task Health_and_the_version_verb_report_the_same_version()
    {
        var response = await app.CreateClient().GetAsync("/health", Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        using var output = new StringWriter();

        Assert.True(Commands.PrintVersion(["--version"], output));
        Assert.Equal("Healthy", (string?)health["status"]);
        Assert.Equal("Healthy", (string?)health["checks"]!["database"]);
        Assert.Equal($"rapport {(string?)health["informationalVersion"]}", output.ToString().Trim());
        Assert.Equal(AppVersion.Semantic, (string?)health["version"]);
        Assert.Matches(@"^\d+\.\d+\.\d+", (string?)health["version"]);
        Assert.False(Commands.PrintVersion(["migrate"], output));
    }

    [Fact]
    public async Task Only_settings_managers_read_the_system_report_and_the_configuration()
    {
        var auditor = app.ClientWithToken(await app.CreateUserWithTokenAsync("aud-" + Unique(), Roles.Auditor));
        await (await auditor.GetAsync("/api/v1/admin/system", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.GetAsync("/api/v1/admin/configuration", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class SystemOnSqlite(ConfiguredSqliteApp app) : SystemTests(app), IClassFixture<ConfiguredSqliteApp>;

public sealed class SystemOnPostgres(ConfiguredPostgresApp app) : SystemTests(app), IClassFixture<ConfiguredPostgresApp>;
