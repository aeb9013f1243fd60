using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rapport.Server.Tests.Identity;

namespace Rapport.Server.Tests.Privacy;

/// <summary>Every log line written while the app runs: the formatted message, its structured values, the scopes
/// around it and any exception.</summary>
public sealed class LogSink : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => sink._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new List<string> { $"{logLevel} {category}: {formatter(state, exception)}" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values) line.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            sink._scopes.ForEachScope((scope, l) => l.Add(scope?.ToString() ?? ""), line);
            if (exception is not null) line.Add(exception.ToString());
            sink._lines.Enqueue(string.Join(" | ", line));
        }
    }
}

/// <summary>The app with everything logged from Debug up (what an operator gets by raising the levels to chase a
/// problem) into a <see cref="LogSink"/>.</summary>
public abstract class LoggedApp(Provider provider) : RapportApp(provider)
{
    public LogSink Logs { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Debug");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Debug");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Debug");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Debug)
            .AddFilter("Microsoft.EntityFrameworkCore.Migrations", LogLevel.Debug)
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.Debug)
            .AddProvider(Logs));
    }
}

public sealed class LoggedSqliteApp() : LoggedApp(Provider.Sqlite);

public sealed class LoggedPostgresApp() : LoggedApp(Provider.Postgres);

/// <summary>A unique canary in every sensitive field, sent through the create, update, get, list, search, lookup,
/// reveal and export paths (and sign-in, tokens and the authenticator set-up): none may reach a log line.</summary>
public abstract class LogRedactionTests(LoggedApp app)
{
    private const string LeadsUrl = "/api/v1/leads";

    [Fact]
    public async Task No_sensitive_value_reaches_the_log()
    {
        var admin = await app.AdminClientAsync();
        var nationalId = PersonalDataTests.NewResidentId();
        var bank = "62" + Random.Shared.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999);
        var dob = new DateOnly(1920, 1, 1).AddDays(Random.Shared.Next(0, 3000)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var mobile = CustomerSamples.ChinaMobile();
        var mailbox = "pii" + Guid.NewGuid().ToString("N");
        var email = mailbox + "@example.com";
        var contactMobile = CustomerSamples.ChinaMobile();
        var leadMailbox = "lead" + Guid.NewGuid().ToString("N");
        // Fixed, not random: random characters can form a sequence or a common word the password rules refuse.
        const string password = "Quasar#Tide-Vk9Lm";

        // Customers: create, update, get, list, search, lookup, reveal, export; a contact and a lead with their own.
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(CustomerSamples.Valid(phone: "+86" + mobile, email: email) with
        {
            Kind = CustomerKind.Individual,
            NationalId = nationalId,
            BankAccount = bank,
        }, Json.Options))!.AsObject();
        body["dateOfBirth"] = dob;
        var customer = await admin.PostCreatedAsync<CustomerDto>(CustomersUrl, body);
        body["name"] = "Renamed";
        await (await admin.PutJsonAsync($"{CustomersUrl}/{customer.Id}", body)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync(CustomersUrl, body)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await admin.GetAsync($"{CustomersUrl}/{customer.Id}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"{CustomersUrl}?q={Uri.EscapeDataString("+86" + mobile)}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"{CustomersUrl}?q={Uri.EscapeDataString(email)}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"/api/v1/search?q={mobile}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await admin.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId });
        await admin.PostJsonAsync($"{CustomersUrl}/lookup", new { bankAccount = bank });
        await (await admin.PostAsync($"{CustomersUrl}/{customer.Id}/reveal", null, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"{CustomersUrl}/export?reveal=true&q={mobile}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        var company = await admin.CreateAsync(CustomerSamples.Valid());
        await (await admin.PostJsonAsync($"{CustomersUrl}/{company.Id}/contacts",
            new ContactInput { Name = "Canary Contact", Phones = ["+86" + contactMobile], Emails = [email] })).ShouldBeAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync(LeadsUrl + "?confirmDuplicate=true",
            new LeadInput { Name = "Canary Lead", Email = leadMailbox + "@example.com", Phone = "+86" + contactMobile })).ShouldBeAsync(HttpStatusCode.Created);
        await (await admin.GetAsync($"{LeadsUrl}?q={leadMailbox}", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        // Values that fail validation are not echoed either.
        await admin.PostJsonAsync($"{CustomersUrl}/lookup", new { nationalId = nationalId + "?" });

        // Passwords, tokens and the authenticator secret.
        var name = "log" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateUserWithTokenAsync(name, Roles.SalesRepresentative);
        var browser = app.CreateClient();
        await (await browser.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, RapportApp.AdminPassword))).ShouldBeAsync(HttpStatusCode.OK);
        await (await browser.PostJsonAsync("/api/v1/account/password", new PasswordChangeInput(RapportApp.AdminPassword, password))).ShouldBeAsync(HttpStatusCode.NoContent);
        var again = app.CreateClient();
        await again.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, password + "x"));
        await (await again.PostJsonAsync("/api/v1/account/login", new SignInRequest(name, password))).ShouldBeAsync(HttpStatusCode.OK);
        var token = await (await again.PostJsonAsync("/api/v1/account/tokens", new TokenInput("canary", 1))).ReadAsync<CreatedToken>();
        await (await app.ClientWithToken(token.Secret).GetAsync("/api/v1/account/me", Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await app.ClientWithToken(token.Secret + "x").GetAsync("/api/v1/account/me", Ct);
        var setup = await (await again.PostAsync("/api/v1/account/mfa/authenticator", null, Ct)).ReadAsync<AuthenticatorSetup>();
        await (await again.PostJsonAsync("/api/v1/account/mfa/authenticator/verify", new MfaCodeInput(MfaTests.Totp(setup.SharedKey))))
            .ShouldBeAsync(HttpStatusCode.OK);

        // An invitation: its one-time token travels in a link (a URL path) and back in a body.
        var inviteMailbox = "inv" + Guid.NewGuid().ToString("N");
        var invitation = await (await admin.PostJsonAsync("/api/v1/users/invitations",
            new InviteInput("inv" + Guid.NewGuid().ToString("N")[..8], "Invited", inviteMailbox + "@example.com", [Roles.SalesRepresentative], null)))
            .ReadAsync<Invitation>();
        await (await app.CreateClient().GetAsync(invitation.Link, Ct)).ShouldBeAsync(HttpStatusCode.OK);
        await (await app.CreateClient().PostJsonAsync("/api/v1/account/invitations/accept", new AcceptInvitationInput(invitation.Token, password + "!")))
            .ShouldBeAsync(HttpStatusCode.OK);

        string[] canaries =
        [
            nationalId, nationalId[..17], bank, dob, mobile, mailbox, contactMobile, leadMailbox, password,
            token.Secret, token.Secret[4..20], setup.SharedKey, setup.SharedKey.Replace(" ", "", StringComparison.Ordinal)[..16],
            inviteMailbox, invitation.Token,
        ];
        var lines = app.Logs.Lines.ToList();
        // The capture is wide open: request handling and every SQL command are in it.
        Assert.Contains(lines, l => l.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        var leaks = lines.SelectMany(l => canaries.Where(c => l.Contains(c, StringComparison.OrdinalIgnoreCase)).Select(c => $"{c} in: {l}")).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(5)));
    }
}

public sealed class LogRedactionTestsOnSqlite(LoggedSqliteApp app) : LogRedactionTests(app), IClassFixture<LoggedSqliteApp>;

public sealed class LogRedactionTestsOnPostgres(LoggedPostgresApp app) : LogRedactionTests(app), IClassFixture<LoggedPostgresApp>;
