using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Rapport.Core.Audit;
using Rapport.Core.Customers;
using Rapport.Core.Data;
using Rapport.Core.Privacy;
using Rapport.Core.Settings;

namespace Rapport.Core.Tests.Infrastructure;

/// <summary>
/// A private in-memory SQLite database with the real EF model. The connection stays open for the life of the
/// object, because an in-memory SQLite database disappears when its last connection closes.
/// </summary>
internal sealed class SqliteMemoryDb : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteMemoryDb(SqliteConnection connection, RapportDbContext db)
    {
        _connection = connection;
        Db = db;
    }

    public RapportDbContext Db { get; }

    /// <summary>Saves are stamped and audited by the real interceptors, on <paramref name="clock"/> and as
    /// <paramref name="caller"/> when given.</summary>
    public static async Task<SqliteMemoryDb> CreateAsync(CancellationToken ct, TimeProvider? clock = null, ICurrentUser? caller = null)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        var options = new DbContextOptionsBuilder<RapportDbContext>().UseSqlite(connection)
            .AddInterceptors(new StampInterceptor(clock ?? TimeProvider.System), new AuditInterceptor(clock ?? TimeProvider.System)).Options;
        var db = caller is null ? new RapportDbContext(options) : new RapportDbContext(options, caller);
        // Unit-level shortcut: the migrations live in Rapport.Data.Sqlite, which this project does not reference,
        // so the schema is built straight from the model. Migrations themselves are covered by the server tests.
        await db.Database.EnsureCreatedAsync(ct);
        return new SqliteMemoryDb(connection, db);
    }

    public CustomerService Customers(TimeProvider? clock = null, CustomerOptions? options = null)
    {
        var user = new SystemUser(null, Roles.Administrator);
        var time = clock ?? TimeProvider.System;
        var settings = new SettingsService(Db, new MemoryCache(new MemoryCacheOptions()), time, user);
        return new(Db, time, user, Options.Create(options ?? new CustomerOptions()), new AuditTrail(Db, user, time, settings),
            new PiiProtector(PiiKeyRing.Ephemeral()), settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
