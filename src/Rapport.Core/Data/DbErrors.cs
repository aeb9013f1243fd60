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
}
