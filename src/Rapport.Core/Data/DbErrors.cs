using Microsoft.Data.Sqlite;

namespace Rapport.Core.Data;

/// <summary>What a database refusal means, the same on both providers.</summary>
public static class DbErrors
{
    /// <summary>A unique index refused the row: PostgreSQL 23505, SQLite's UNIQUE / PRIMARY KEY constraint codes.</summary>
    public static bool IsUniqueViolation(DbUpdateException u) => u.InnerException switch
    {
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    /// <summary>The database refused or rolled back the work for a reason that is not in the work itself, and the same
    /// work sent again a moment later normally succeeds; nothing of it was kept. Either another transaction was writing
    /// the same rows at the same moment — a PostgreSQL deadlock (40P01) or serialization failure (40001), SQLite still
    /// busy or locked after the busy timeout — or the database had no room for another session: PostgreSQL's
    /// connection limit (53300 "too many clients", <c>max_connections</c> or a role's or database's limit), or no pooled
    /// connection came free within Npgsql's <c>Timeout</c>. Looks through wrapping exceptions (EF wraps the provider's
    /// in <see cref="DbUpdateException"/> on a save, and in an <see cref="InvalidOperationException"/> when its
    /// execution strategy declines to retry).</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.TooManyConnections }:
                case SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED }:
                    return true;
                case Npgsql.NpgsqlException n when n.Message.StartsWith(PoolExhausted, StringComparison.Ordinal):
                    return true;
            }
        }
        return false;
    }

    /// <summary>How Npgsql says that no pooled connection came free in time (it has no error code or type of its own).</summary>
    private const string PoolExhausted = "The connection pool has been exhausted";
}
