using Rapport.Core.Operations;

namespace Rapport.Server.Tests.Operations;

/// <summary>The backups API behind the page: an administrator backs up now, sees it listed, verifies and downloads it;
/// nobody without settings.manage gets at an archive.</summary>
public abstract class BackupsApiTests(RapportApp app)
{
    private const string Url = "/api/v1/admin/backups";

    [Fact]
    public async Task Administrator_backs_up_now_verifies_and_downloads_the_archive()
    {
        var admin = await app.AdminClientAsync();

        var made = await admin.PostCreatedAsync<BackupSummary>(Url, new { });
        var listed = await (await admin.GetAsync(Url, Ct)).ReadAsync<List<BackupSummary>>();
        var verify = await admin.PostAsync($"{Url}/{made.Name}/verify", null, Ct);
        var download = await admin.GetAsync($"{Url}/{made.Name}/download", Ct);

        Assert.Contains(listed, b => b.Name == made.Name && b.Verified is null && b.Size > 0);
        await verify.ShouldBeAsync(HttpStatusCode.OK);
        var check = await verify.ReadAsync<BackupCheck>();
        Assert.True(check.Ok, string.Join("\n", check.Lines));
        await download.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("application/gzip", download.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(app.DataDirectory, "backups", made.Name);
        Assert.Equal(await File.ReadAllBytesAsync(path, Ct), await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.True((await (await admin.GetAsync(Url, Ct)).ReadAsync<List<BackupSummary>>()).Single(b => b.Name == made.Name).Verified?.Ok);

        var rep = app.ClientWithToken(await app.CreateUserWithTokenAsync("backup-rep-" + Unique(), Roles.SalesRepresentative));
        await (await rep.GetAsync($"{Url}/{made.Name}/download", Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync($"{Url}/..%2Fkeys%2Fpii-keyring.json/download", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>An app with a backup passphrase.</summary>
public sealed class BackupSqliteApp() : RapportApp(Provider.Sqlite)
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Backup:Passphrase", "api test passphrase");
}

/// <summary>An app with a backup passphrase, on PostgreSQL.</summary>
public sealed class BackupPostgresApp() : RapportApp(Provider.Postgres)
{
    protected override void ConfigureMore(IWebHostBuilder builder) => builder.UseSetting("Backup:Passphrase", "api test passphrase");
}

public sealed class BackupsApiOnSqlite(BackupSqliteApp app) : BackupsApiTests(app), IClassFixture<BackupSqliteApp>;

public sealed class BackupsApiOnPostgres(BackupPostgresApp app) : BackupsApiTests(app), IClassFixture<BackupPostgresApp>;
