using Rapport.Core.Observability;

namespace Rapport.Server.Tests.Observability;

/// <summary>The event table behind the logs page: security and application events land there (not every debug line),
/// filter by time, level, user, module and event, page by keyset and export as CSV.</summary>
public abstract class EventLogTests(ObservedApp app)
{
    [Fact]
    public async Task Sign_in_failures_permission_denials_and_server_errors_are_kept_and_filtered()
    {
        var admin = await app.AdminClientAsync();
        var name = "ev" + Unique();
        var token = await app.CreateUserWithTokenAsync(name);
        var userId = await UserIdAsync(name);
        var anonymous = app.CreateClient();
        for (var i = 0; i < 2; i++)
            await (await anonymous.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, "wrong-" + i))).ShouldBeAsync(HttpStatusCode.Unauthorized);
        await (await app.ClientWithToken(token).GetAsync("/api/v1/audit", Ct)).ShouldBeAsync(HttpStatusCode.Forbidden);
        await admin.GetAsync(ObservedApp.BoomPath, Ct);
        await app.FlushEventsAsync();

        var failed = await admin.GetPageAsync<LogEntryDto>($"/api/v1/logs?event=auth.signin.failed&limit=100");
        Assert.True(failed.Items.Count(e => e.Message.Contains(userId.ToString(), StringComparison.Ordinal)) >= 2);
        Assert.All(failed.Items, e => Assert.Equal(LogLevelName.Warning, e.Level.ToString()));

        var denied = await admin.GetPageAsync<LogEntryDto>($"/api/v1/logs?userId={userId}&event=access.denied");
        var one = Assert.Single(denied.Items);
        Assert.Equal(name, one.UserName);
        Assert.NotNull(one.TraceId);

        var errors = await admin.GetPageAsync<LogEntryDto>("/api/v1/logs?level=error&module=Rapport.Server.Infrastructure");
        Assert.Contains(errors.Items, e => e.EventName == "http.server-error" && e.Exception is not null && !e.Exception.Contains(ObservedApp.Email, StringComparison.Ordinal));
        Assert.DoesNotContain(errors.Items, e => e.Level < Microsoft.Extensions.Logging.LogLevel.Error);

        // A time range in the future holds nothing.
        var later = Uri.EscapeDataString(app.Clock.GetUtcNow().AddDays(1).ToString("O"));
        Assert.Empty((await admin.GetPageAsync<LogEntryDto>($"/api/v1/logs?from={later}")).Items);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_repeats_and_export_as_csv()
    {
        var admin = await app.AdminClientAsync();
        var anonymous = app.CreateClient();
        for (var i = 0; i < 3; i++) await anonymous.PostJsonAsync("/api/v1/account/login", new SignInRequest("nobody" + Unique(), "x"));
        await app.FlushEventsAsync();

        var first = await admin.GetPageAsync<LogEntryDto>("/api/v1/logs?event=auth.signin.failed&limit=2");
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        var second = await admin.GetPageAsync<LogEntryDto>($"/api/v1/logs?event=auth.signin.failed&limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        Assert.NotEmpty(second.Items);
        Assert.Empty(second.Items.Select(e => e.Id).Intersect(first.Items.Select(e => e.Id)));
        Assert.True(second.Items[0].At <= first.Items[^1].At);

        var csv = await admin.GetAsync("/api/v1/logs/export?event=auth.signin.failed", Ct);
        await csv.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("at,level,category,eventId,event,userId,user,traceId,message,exception", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.True(lines.Length >= 4);
        Assert.All(lines.Skip(1), l => Assert.Contains("auth.signin.failed", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_level_is_a_bad_request()
    {
        var admin = await app.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/logs?level=loud", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<Guid> UserIdAsync(string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().FindByNameAsync(name))!.Id;
    }

    private static class LogLevelName
    {
        public const string Warning = nameof(Microsoft.Extensions.Logging.LogLevel.Warning);
    }
}

public sealed class EventLogOnSqlite(ObservedSqliteApp app) : EventLogTests(app), IClassFixture<ObservedSqliteApp>;

public sealed class EventLogOnPostgres(ObservedPostgresApp app) : EventLogTests(app), IClassFixture<ObservedPostgresApp>;
