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

    /// <summary>The database rolled the work back because another transaction was writing the same rows at the same
    /// moment, not because of anything in the work itself: a PostgreSQL deadlock (40P01) or serialization failure
    /// (40001), or SQLite still busy or locked after the busy timeout. Nothing of the transaction was kept, and the
    /// same work tried again a moment later normally succeeds. Looks through wrapping exceptions (EF wraps the
    /// provider's in <see cref="DbUpdateException"/> on a save, not on a query or a bulk update).</summary>
    public static bool IsTransientConflict(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure }:
                case SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED }:
                    return true;
            }
        }
        return false;
    }
}
