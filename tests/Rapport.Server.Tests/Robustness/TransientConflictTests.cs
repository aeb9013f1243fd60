using Npgsql;

namespace Rapport.Server.Tests.Robustness;

/// <summary>A request that PostgreSQL rolls back as a deadlock's victim is answered 503 with Retry-After and a
/// localized "try again" (never 500), saves nothing, and succeeds when sent again. The deadlock is a real one: another
/// session holds one of the two customers a bulk change writes and, once the request waits for it, asks for the other.
/// PostgreSQL only: SQLite has one writer and never deadlocks (its busy case is covered by <c>DbErrorsTests</c>).</summary>
public sealed class TransientConflictOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    private async Task<Guid?> OwnerAsync(HttpClient admin, Guid id) =>
        (await admin.GetFromJsonAsync<CustomerDto>($"{CustomersUrl}/{id}", Json.Options, Ct))!.OwnerId;

    private static async Task LockAsync(NpgsqlConnection session, Guid id, bool noWait = false)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT 1 FROM \"Customers\" WHERE \"Id\" = @id FOR UPDATE{(noWait ? " NOWAIT" : "")}", session);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteScalarAsync(Ct);
    }

    /// <summary>Until a backend other than <paramref name="session"/>'s waits for a lock on a customer row (or the
    /// request ended). Asked on a connection of its own: inside a transaction pg_stat_activity is a snapshot.</summary>
    private async Task WaitingAsync(NpgsqlConnection session, Task request)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        await using var watcher = new NpgsqlConnection(app.PostgresConnectionString);
        await watcher.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> @session " +
            "AND wait_event_type = 'Lock' AND query LIKE '%\"Customers\"%'", watcher);
        command.Parameters.AddWithValue("session", session.ProcessID);
        while (!request.IsCompleted && DateTime.UtcNow < deadline && (long)(await command.ExecuteScalarAsync(Ct))! == 0)
            await Task.Delay(20, Ct);
    }

    [Fact]
    public async Task A_bulk_change_chosen_as_a_deadlock_victim_is_told_to_retry_saves_nothing_and_succeeds_again()
    {
        var admin = await app.AdminClientAsync();
        var x = await admin.CreateAsync(CustomerSamples.Valid(name: "Deadlock X " + Unique()));
        var y = await admin.CreateAsync(CustomerSamples.Valid(name: "Deadlock Y " + Unique()));
        // The request writes the two rows in an order of its own choosing: hold each in turn until the request holds the other.
        foreach (var (held, other) in new[] { (x.Id, y.Id), (y.Id, x.Id) })
        {
            var (_, owner) = await app.NewUserAsync(Roles.SalesRepresentative);
            var before = (await OwnerAsync(admin, x.Id), await OwnerAsync(admin, y.Id));
            var bulk = new CustomerBulkInput([x.Id, y.Id], CustomerBulkAction.AssignOwner, owner);
            await using var session = new NpgsqlConnection(app.PostgresConnectionString);
            await session.OpenAsync(Ct);
            await using var tx = await session.BeginTransactionAsync(Ct);
            await LockAsync(session, held);
            var request = admin.PostAsJsonAsync($"{CustomersUrl}/bulk", bulk, Json.Options, Ct);
            await WaitingAsync(session, request);
            Assert.False(request.IsCompleted, "the bulk change should wait for the row this session holds");
            await tx.SaveAsync("probe", Ct);
            try
            {
                await LockAsync(session, other, noWait: true);
                // The request had not written the other row yet: no cycle. Let it finish and try the other order.
                await tx.RollbackAsync(Ct);
                await (await request).ShouldBeAsync(HttpStatusCode.OK);
                continue;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                await tx.RollbackAsync("probe", Ct);
            }
            // The request holds `other` and waits for `held`; asking for `other` closes the cycle. The request waited
            // first, so its deadlock check runs first and PostgreSQL rolls it back; this session then gets the row.
            await LockAsync(session, other);
            var response = await request;
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.EndsWith("/busy", (string?)problem["type"], StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            await tx.RollbackAsync(Ct);

            Assert.Equal(before, (await OwnerAsync(admin, x.Id), await OwnerAsync(admin, y.Id)));
            await (await admin.PostAsJsonAsync($"{CustomersUrl}/bulk", bulk, Json.Options, Ct)).ShouldBeAsync(HttpStatusCode.OK);
            Assert.Equal((owner, owner), (await OwnerAsync(admin, x.Id), await OwnerAsync(admin, y.Id)));
            return;
        }
        Assert.Fail("Neither order made the bulk change hold one customer while waiting for the other.");
    }

    [Fact]
    public async Task A_database_with_no_session_to_spare_is_a_reason_to_retry_not_a_server_error()
    {
        // PostgreSQL's own refusal (53300), from a role allowed one session: as the soak met it from max_connections.
        var role = "rapport_one_" + Guid.NewGuid().ToString("N")[..8];
        var password = "One#Session-" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(app.PostgresConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN CONNECTION LIMIT 1 PASSWORD '{password}'", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }
        var limited = new NpgsqlConnectionStringBuilder(app.PostgresConnectionString) { Username = role, Password = password, Pooling = false }.ToString();
        try
        {
            await using var first = new NpgsqlConnection(limited);
            await first.OpenAsync(Ct);
            await using var second = new NpgsqlConnection(limited);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => second.OpenAsync(Ct));
            Assert.Equal(PostgresErrorCodes.TooManyConnections, refused.SqlState);
            Assert.True(DbErrors.IsTransient(refused));
            // As EF's execution strategy hands it over when it does not retry.
            Assert.True(DbErrors.IsTransient(new InvalidOperationException("transient failure", refused)));
        }
        finally
        {
            await using var admin = new NpgsqlConnection(app.PostgresConnectionString);
            await admin.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP ROLE {role}", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }

        // Npgsql's own: every connection of the pool in use, none free within its Timeout.
        var pooled = new NpgsqlConnectionStringBuilder(app.PostgresConnectionString) { MaxPoolSize = 1, Timeout = 1, ApplicationName = "pool-" + Role() }.ToString();
        await using (var holder = new NpgsqlConnection(pooled))
        {
            await holder.OpenAsync(Ct);
            await using var waiter = new NpgsqlConnection(pooled);
            var exhausted = await Assert.ThrowsAnyAsync<NpgsqlException>(() => waiter.OpenAsync(Ct));
            Assert.True(DbErrors.IsTransient(exhausted), exhausted.ToString());
        }
        NpgsqlConnection.ClearPool(new NpgsqlConnection(pooled));
        // A query the server rejects for what it says is not.
        await using var plain = new NpgsqlConnection(app.PostgresConnectionString);
        await plain.OpenAsync(Ct);
        await using var bad = new NpgsqlCommand("SELECT * FROM no_such_table", plain);
        Assert.False(DbErrors.IsTransient(await Assert.ThrowsAsync<PostgresException>(() => bad.ExecuteScalarAsync(Ct))));

        static string Role() => Guid.NewGuid().ToString("N")[..8];
    }
}
