using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Access;
using Rapport.Core.Data;

namespace Rapport.Core.Tests.Data;

/// <summary>The line of SQLite write transactions (ADR-050): writers begin one after another in arrival order, and
/// however a transaction ends — commit, rollback, an exception that disposes it — the next one is let in.</summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rapport-gate-" + Guid.NewGuid().ToString("N"));
    private DbContextOptions<RapportDbContext> _options = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { DataDirectory = _dir });
        _options = builder.Options;
        await using var db = Context();
        await db.Database.EnsureCreatedAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private RapportDbContext Context() => new(_options);

    private int FreeSlots() => SqliteWriteGate.FreeSlots(Path.Combine(_dir, "rapport.db"));

    private static Team NewTeam(string name)
    {
        var team = new Team { Name = name, CreatedAt = DateTime.UtcNow };
        team.Path = $"{team.Id}/";
        return team;
    }

    [Fact]
    public async Task An_open_transaction_holds_the_line_until_it_commits_or_rolls_back()
    {
        await using var db = Context();
        await using (var tx = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.Equal(0, FreeSlots());
            db.Teams.Add(NewTeam("North"));
            await db.SaveChangesAsync(Ct); // joins the open transaction: it must not wait for itself
            await tx.CommitAsync(Ct);
        }
        Assert.Equal(1, FreeSlots());

        await using (var tx = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.Equal(0, FreeSlots());
            await tx.RollbackAsync(Ct);
        }
        Assert.Equal(1, FreeSlots());
        Assert.Equal(["North"], await db.Teams.Select(t => t.Name).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_transaction_left_by_an_exception_lets_the_next_writer_in_and_keeps_nothing()
    {
        await using (var db = Context())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(Ct);
                db.Teams.Add(NewTeam("Lost"));
                await db.SaveChangesAsync(Ct);
                throw new InvalidOperationException("the service failed half-way");
            });
            Assert.Equal(1, FreeSlots());
        }

        await using var other = Context();
        other.Teams.Add(NewTeam("Kept"));
        await other.SaveChangesAsync(Ct);
        Assert.Equal(["Kept"], await other.Teams.Select(t => t.Name).ToListAsync(Ct));
        Assert.Equal(1, FreeSlots());
    }

    [Fact]
    public async Task Writers_that_arrive_while_one_is_open_wait_in_line_and_begin_in_arrival_order()
    {
        await using var first = Context();
        var firstTx = await first.Database.BeginTransactionAsync(Ct);
        var begun = new List<int>();
        var waiting = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            var n = i;
            waiting.Add(Task.Run(async () =>
            {
                await using var db = Context();
                await using var tx = await db.Database.BeginTransactionAsync(Ct);
                lock (begun) begun.Add(n);
                db.Teams.Add(NewTeam($"Writer {n}"));
                await db.SaveChangesAsync(Ct);
                await tx.CommitAsync(Ct);
            }, Ct));
            // The next writer arrives only once this one is in line.
            await WaitUntilAsync(() => SqliteWriteGate.Waiting(Path.Combine(_dir, "rapport.db")) == n + 1);
        }
        Assert.Empty(begun);

        await firstTx.CommitAsync(Ct);
        await firstTx.DisposeAsync();
        await Task.WhenAll(waiting);

        Assert.Equal([0, 1, 2], begun);
        Assert.Equal(3, await first.Teams.CountAsync(Ct));
        Assert.Equal(1, FreeSlots());
    }

    [Fact]
    public async Task Sixteen_concurrent_read_modify_write_transactions_all_commit_and_lose_no_update()
    {
        await using (var db = Context())
        {
            db.Teams.Add(NewTeam("0"));
            await db.SaveChangesAsync(Ct);
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await using var db = Context();
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            var team = await db.Teams.SingleAsync(Ct);
            team.Name = (int.Parse(team.Name, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await db.SaveChangesAsync(Ct);
            await tx.CommitAsync(Ct);
        }, Ct)));

        await using var check = Context();
        Assert.Equal("16", (await check.Teams.SingleAsync(Ct)).Name);
        Assert.Equal(1, FreeSlots());
    }

    [Fact]
    public async Task A_begin_that_fails_on_a_lock_held_outside_the_line_lets_the_next_writer_in()
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync(Ct);
        await using (var tx = await db.Database.BeginTransactionAsync(Ct)) await tx.CommitAsync(Ct); // the file has its line
        // A writer outside the line (a raw connection, as Quartz's job store) holds SQLite's lock; this context's BEGIN
        // gives up after a second instead of the app's 30 s (Microsoft.Data.Sqlite retries a busy BEGIN for the
        // connection's default timeout, whatever SQLite's busy_timeout).
        await using var outside = new SqliteConnection($"Data Source={Path.Combine(_dir, "rapport.db")}");
        await outside.OpenAsync(Ct);
        await using (var begin = outside.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(Ct);
        }
        await db.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout=50", Ct);
        ((SqliteConnection)db.Database.GetDbConnection()).DefaultTimeout = 1;

        var busy = await Assert.ThrowsAsync<SqliteException>(() => db.Database.BeginTransactionAsync(Ct));
        Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY, "database is locked"
        Assert.Equal(1, FreeSlots());

        // With the outside writer gone, another writer begins at once, while the failed context and its connection
        // are still open: it is not kept waiting in line behind them.
        await using (var end = outside.CreateCommand())
        {
            end.CommandText = "ROLLBACK";
            await end.ExecuteNonQueryAsync(Ct);
        }
        await using var next = Context();
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        soon.CancelAfter(TimeSpan.FromSeconds(10));
        await using (var tx = await next.Database.BeginTransactionAsync(soon.Token))
        {
            next.Teams.Add(NewTeam("After"));
            await next.SaveChangesAsync(Ct);
            await tx.CommitAsync(Ct);
        }
        Assert.Equal(["After"], await next.Teams.Select(t => t.Name).ToListAsync(Ct));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
