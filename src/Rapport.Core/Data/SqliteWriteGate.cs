using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rapport.Core.Data;

/// <summary>
/// Lines up this process's EF transactions on one SQLite file in arrival order (ADR-050). SQLite has one writer at a
/// time and Microsoft.Data.Sqlite begins every transaction IMMEDIATE (it takes the write lock at BEGIN). Without the
/// line, a transaction that finds the lock taken sleeps in SQLite's busy handler — 1, 2, 5 … 100 ms steps, on a
/// blocked thread-pool thread — and retries: under load waiters poll, wake late and overtake each other, which is
/// where the write latency at 16 clients went. Here they await a semaphore and begin when the previous one ends.
/// <para>The gate is held from BEGIN to commit or rollback, and at the latest until the connection closes (a
/// transaction disposed without either); a BEGIN that fails lets it go at once. A <c>SaveChanges</c> inside an open
/// transaction uses a savepoint and does not ask for it again. A transaction that waits longer than the busy timeout
/// goes ahead without it and meets SQLite's own lock, whose busy handler then waits up to the timeout again before
/// "database is locked". Arrival order holds for async callers (the app has no synchronous ones). Writes outside an
/// EF transaction are not lined up and meet the busy handler as before: a <c>SaveChanges</c> of one command,
/// <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>/<c>ExecuteSqlRaw</c> outside a transaction (the classification job's
/// set-based statements), and Quartz's job store on the same file.</para>
/// </summary>
internal sealed class SqliteWriteGate : DbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    /// <summary>How long a transaction waits in line: as long as SQLite's busy handler would.</summary>
    private static readonly TimeSpan Wait = DatabaseSetup.SqliteLockWait;

    /// <summary>One line per database file (tests run many databases in one process).</summary>
    private static readonly ConcurrentDictionary<string, Line> Lines = new(StringComparer.Ordinal);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "One line per database file, kept for the life of the process.")]
    private sealed class Line
    {
        public readonly SemaphoreSlim Slot = new(1, 1);
        public int Waiting;

        public bool Enter(TimeSpan wait)
        {
            Interlocked.Increment(ref Waiting);
            try { return Slot.Wait(wait); }
            finally { Interlocked.Decrement(ref Waiting); }
        }

        public async Task<bool> EnterAsync(TimeSpan wait, CancellationToken ct)
        {
            Interlocked.Increment(ref Waiting);
            try { return await Slot.WaitAsync(wait, ct); }
            finally { Interlocked.Decrement(ref Waiting); }
        }
    }

    /// <summary>The connections that hold their file's gate, and which gate.</summary>
    private static readonly ConditionalWeakTable<DbConnection, Line> Holders = [];

    /// <summary>The line of the connection's file; none for an in-memory database (each is its own, whatever its name).</summary>
    private static Line? LineOf(DbConnection connection) =>
        connection is SqliteConnection { DataSource: not "" and not ":memory:" } sqlite && !sqlite.ConnectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase)
            ? Lines.GetOrAdd(Path.GetFullPath(sqlite.DataSource), _ => new Line())
            : null;

    /// <summary>1 when no transaction on <paramref name="file"/> holds the line, else 0 (for tests and diagnostics).</summary>
    internal static int FreeSlots(string file) => Lines.TryGetValue(Path.GetFullPath(file), out var line) ? line.Slot.CurrentCount : 1;

    /// <summary>How many transactions on <paramref name="file"/> wait in line.</summary>
    internal static int Waiting(string file) => Lines.TryGetValue(Path.GetFullPath(file), out var line) ? Volatile.Read(ref line.Waiting) : 0;

    // The gate begins the transaction itself once it holds the line: EF raises no event when BEGIN fails (SQLite's lock
    // held past the busy timeout by a writer outside the line), so here is the only place to let the line go then.
    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        if (result.HasResult || Holders.TryGetValue(connection, out _) || LineOf(connection) is not { } line || !line.Enter(Wait)) return result;
        Holders.AddOrUpdate(connection, line);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(connection.BeginTransaction(eventData.IsolationLevel));
        }
        catch
        {
            Release(connection);
            throw;
        }
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (result.HasResult || Holders.TryGetValue(connection, out _) || LineOf(connection) is not { } line
            || !await line.EnterAsync(Wait, cancellationToken)) return result;
        Holders.AddOrUpdate(connection, line);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(await connection.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken));
        }
        catch
        {
            Release(connection);
            throw;
        }
    }

    /// <summary>Lets the next transaction in line begin, if <paramref name="connection"/> held the gate.</summary>
    private static void Release(DbConnection connection)
    {
        if (Holders.TryGetValue(connection, out var line) && Holders.Remove(connection)) line.Slot.Release();
    }

    // A finished SqliteTransaction forgets its connection, so the transaction is mapped to it when it begins.
    private static readonly ConditionalWeakTable<DbTransaction, DbConnection> Transactions = [];

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Transactions.AddOrUpdate(result, connection);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    private static void Ended(DbTransaction transaction)
    {
        if (Transactions.TryGetValue(transaction, out var connection)) Release(connection);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    // EF also reports a failed savepoint, or a commit refused before it ran (a cancelled request), as a failed
    // transaction: SQLite's transaction is still open then, so the line goes with its rollback or the connection.
    private static void Failed(DbTransaction transaction)
    {
        if (transaction is SqliteTransaction { Connection: null }) Ended(transaction);
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Failed(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(transaction);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback (an exception inside `await using var tx`) was rolled back by
    // SQLite; its line ends at the latest when the context closes the connection.
    void IDbConnectionInterceptor.ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    Task IDbConnectionInterceptor.ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    void IDbConnectionInterceptor.ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    Task IDbConnectionInterceptor.ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }
}
