using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rapport.Core.Data;

namespace Rapport.Core.Tests.Data;

/// <summary>Which database refusals mean "someone else was writing; try again" (answered 503 with Retry-After) and
/// which do not. SQLite's are real: a second connection writing while another holds the write lock.</summary>
public sealed class DbErrorsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rapport-dberrors-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection($"Data Source={_path};Pooling=False;Default Timeout=1");
        c.Open();
        return c;
    }

    private static void Run(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void A_write_refused_because_another_connection_holds_the_write_lock_is_transient_and_a_broken_rule_is_not()
    {
        using var holder = Open();
        Run(holder, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
        Run(holder, "INSERT INTO t (v) VALUES ('a')");
        Run(holder, "BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ('b')");
        using var writer = Open();
        Run(writer, "PRAGMA busy_timeout=0");

        var busy = Assert.Throws<SqliteException>(() => Run(writer, "INSERT INTO t (v) VALUES ('c')"));
        Assert.True(DbErrors.IsTransient(busy));
        // As EF hands it over from a save.
        Assert.True(DbErrors.IsTransient(new DbUpdateException("save failed", busy)));

        Run(holder, "COMMIT");
        var unique = Assert.Throws<SqliteException>(() => Run(writer, "INSERT INTO t (v) VALUES ('a')"));
        Assert.False(DbErrors.IsTransient(unique));
        Assert.True(DbErrors.IsUniqueViolation(new DbUpdateException("save failed", unique)));
        Assert.False(DbErrors.IsTransient(new InvalidOperationException("not a database error")));
    }
}
