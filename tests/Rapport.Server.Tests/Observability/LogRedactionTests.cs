namespace Rapport.Server.Tests.Observability;

/// <summary>Canaries — a customer's name, email and phone, a password, a personal access token and a connection-string
/// password — sent through requests that log (failed sign-ins, refused tokens, searches, a duplicate, a server error
/// whose exception carries them): none may appear in the log files, which must still hold the events.</summary>
public abstract class LogRedactionTests(ObservedApp app)
{
    [Fact]
    public async Task No_canary_reaches_the_log_files()
    {
        var u = Unique();
        var name = "Canary Qiwei " + u;
        var password = "Pw-Canary-" + u;
        var admin = await app.AdminClientAsync();
        var input = new CustomerInput { Name = name, Emails = [ObservedApp.Email], Phones = [ObservedApp.Phone], Addresses = [new AddressDto("China", "Shanghai", null, "88 Canary Road " + u)] };
        await admin.CreateAsync(input);
        await admin.PostJsonAsync("/api/v1/customers", input); // a likely duplicate: refused or warned, with the canaries in the body
        await admin.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(ObservedApp.Phone)}", Ct);
        await admin.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(name)}&email={Uri.EscapeDataString(ObservedApp.Email)}", Ct);
        var anonymous = app.CreateClient();
        await (await anonymous.PostJsonAsync("/api/v1/account/login", new SignInRequest(ObservedApp.Email, password))).ShouldBeAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostJsonAsync("/api/v1/account/login", new SignInRequest("admin", password))).ShouldBeAsync(HttpStatusCode.Unauthorized);
        var forged = app.ClientWithToken(ObservedApp.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/customers", Ct)).StatusCode);
        var boom = await admin.GetAsync($"{ObservedApp.BoomPath}?password={ObservedApp.Secret}", Ct);
        var traceId = (await boom.ShouldBeProblemAsync(HttpStatusCode.InternalServerError))["traceId"]!.GetValue<string>();

        var logs = ReadLogs();
        Assert.Contains(traceId, logs, StringComparison.Ordinal); // the 500 was logged, with its correlation id
        Assert.Contains("\"event\":\"auth.signin.failed\"", logs, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"http.server-error\"", logs, StringComparison.Ordinal);
        foreach (var canary in new[] { name, ObservedApp.Email, ObservedApp.Phone, ObservedApp.Phone.Replace(" ", "", StringComparison.Ordinal), password,
                     ObservedApp.Secret, ObservedApp.Token })
            Assert.DoesNotContain(canary, logs, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_line_is_one_json_object_with_the_fields_operators_filter_by()
    {
        var admin = await app.AdminClientAsync();
        await admin.GetAsync(ObservedApp.BoomPath, Ct);
        var lines = ReadLogs().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var error = lines.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).Last(l => (string?)l["event"] == "http.server-error");
        Assert.Equal("Error", (string?)error["level"]);
        Assert.Equal("Rapport.Server.Infrastructure.ProblemDetailsExceptionHandler", (string?)error["category"]);
        Assert.NotNull(error["t"]);
        Assert.NotNull(error["traceId"]);
        Assert.NotNull(error["userId"]);
        Assert.NotNull(error["eventId"]);
    }

    private string ReadLogs()
    {
        var folder = Path.Combine(app.DataDirectory, "logs");
        Assert.True(Directory.Exists(folder), "no log folder under the data directory");
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(folder, "rapport-*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(reader.ReadToEnd());
        }
        return text.ToString();
    }
}

public sealed class LogRedactionOnSqlite(ObservedSqliteApp app) : LogRedactionTests(app), IClassFixture<ObservedSqliteApp>;

public sealed class LogRedactionOnPostgres(ObservedPostgresApp app) : LogRedactionTests(app), IClassFixture<ObservedPostgresApp>;
