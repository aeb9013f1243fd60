using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Rapport.Core.Data;

/// <summary>
/// Inserts many new rows of one entity type without the change tracker, for imports, in the context's current
/// transaction (ADR-046): on SQLite multi-row <c>INSERT … VALUES (…), (…)</c> statements, one prepared statement per
/// statement size reused for every chunk, values bound by position; on PostgreSQL a binary <c>COPY</c>. Columns,
/// names and value conversions come from the EF model (so a row is stored exactly as <c>SaveChanges</c> would store it, owned JSON columns included); audited records are stamped as
/// <see cref="StampInterceptor"/> stamps an added one. Database triggers (the SQLite FTS5 index) fire as usual.
/// Nothing is audited per row: the caller writes its own trace.
/// </summary>
public static class BulkInsert
{
    // Values per SQLite statement (SQLite allows 32,766). They are bound by position
    // (below): Microsoft.Data.Sqlite binds each parameter by name, which SQLite finds by a linear search, so binding
    // by name costs the square of a statement's parameters (a 500-customer statement took a second to bind).
    private const int MaxParametersSqlite = 2_000;
    private const int MaxRows = 500;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Column(string Name, RelationalTypeMapping? Mapping, Func<object, object?> Value, string? Cast);

    /// <summary>Inserts <paramref name="rows"/> (new entities of type <typeparamref name="T"/>) in the current transaction.
    /// <paramref name="now"/> stamps audited records, created by the context's caller.</summary>
    public static async Task InsertAsync<T>(RapportDbContext db, IReadOnlyList<T> rows, DateTime now, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var columns = ColumnsOf(type, db.IsPostgres);
        var sql = db.GetService<ISqlGenerationHelper>();
        var by = db.Caller?.Id;
        if (typeof(AuditedEntity).IsAssignableFrom(typeof(T)))
            columns = [.. columns.Select(c => Stamped(c, now, by))];

        var perStatement = Math.Clamp(MaxParametersSqlite / columns.Count, 1, MaxRows);
        var connection = db.Database.GetDbConnection();
        var into = $"{sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema())} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))})";
        var head = $"INSERT INTO {into} VALUES ";
        if (connection is SqliteConnection sqlite)
        {
            InsertSqlite(sqlite, head, columns, rows, perStatement);
            return;
        }
        if (connection is Npgsql.NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, $"COPY {into} FROM STDIN (FORMAT BINARY)", columns, rows, ct);
            return;
        }
        throw new NotSupportedException("Bulk inserts support SQLite and PostgreSQL.");
    }

    /// <summary>The column's value of <paramref name="entity"/> as the database stores it (after the model's converter).</summary>
    private static object? ProviderValue(Column c, object entity)
    {
        var value = c.Value(entity);
        return value is not null && c.Mapping?.Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    /// <summary>The statement's text: <paramref name="rows"/> rows of the columns, each value's placeholder named by
    /// <paramref name="placeholder"/> (row, column).</summary>
    private static string Text(string head, List<Column> columns, int rows, Func<int, int, string> placeholder)
    {
        var text = new StringBuilder(head, head.Length + rows * columns.Count * 12);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = placeholder(r, c);
                if (c > 0) text.Append(", ");
                text.Append(columns[c].Cast is { } cast ? $"CAST({name} AS {cast})" : name);
            }
            text.Append(')');
        }
        return text.ToString();
    }

    /// <summary>SQLite: the statements take positional parameters (<c>?</c>, numbered in order) and each value is bound
    /// by its number straight on the connection's handle (SQLitePCL, as Microsoft.Data.Sqlite itself does), in the
    /// open transaction. Binding by number costs the same whatever the statement's size; by name (a command's
    /// parameters) each bind searched the statement's names. Values are bound as Microsoft.Data.Sqlite binds them, so a
    /// row reads back as one saved by EF.</summary>
    private static void InsertSqlite<T>(SqliteConnection connection, string head, List<Column> columns, IReadOnlyList<T> rows, int perStatement) where T : class
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("Bulk inserts need the batch's open connection.");
        sqlite3_stmt? statement = null;
        var statementRows = 0;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (statement is null || statementRows != count)
                {
                    statement?.Dispose();
                    var prepared = raw.sqlite3_prepare_v2(handle, Text(head, columns, count, (_, _) => "?"), out statement);
                    if (prepared != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(prepared, handle);
                    statementRows = count;
                }
                var index = 0;
                for (var r = start; r < start + count; r++)
                {
                    var entity = (object)rows[r];
                    if (entity is AuditedEntity audited) audited.OnSaving();
                    foreach (var c in columns)
                    {
                        var bound = Bind(statement!, ++index, ProviderValue(c, entity));
                        if (bound != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(bound, handle);
                    }
                }
                var rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
                raw.sqlite3_reset(statement);
            }
        }
        finally
        {
            statement?.Dispose();
        }
    }

    /// <summary>PostgreSQL: a binary <c>COPY … FROM STDIN</c> in the open transaction (no statement to parse, no
    /// parameter objects); each value is written as its provider type (owned JSON as <c>jsonb</c>).</summary>
    private static async Task CopyAsync<T>(Npgsql.NpgsqlConnection connection, string copy, List<Column> columns, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        await using var writer = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            var entity = (object)row;
            if (entity is AuditedEntity audited) audited.OnSaving();
            await writer.StartRowAsync(ct);
            foreach (var c in columns)
            {
                var value = ProviderValue(c, entity);
                if (value is null) await writer.WriteNullAsync(ct);
                else if (c.Cast is { } json) await writer.WriteAsync(value, json == "json" ? NpgsqlTypes.NpgsqlDbType.Json : NpgsqlTypes.NpgsqlDbType.Jsonb, ct);
                else await writer.WriteAsync(value, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>Binds a value as Microsoft.Data.Sqlite's parameters bind it (its value binder): integers, booleans and
    /// enums as integers, text as UTF-8, GUIDs as upper-case text, dates and times as ISO text, decimals as text.</summary>
    private static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        string s => raw.sqlite3_bind_text(statement, index, s),
        Guid g => raw.sqlite3_bind_text(statement, index, g.ToString().ToUpperInvariant()),
        bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
        int i => raw.sqlite3_bind_int64(statement, index, i),
        long l => raw.sqlite3_bind_int64(statement, index, l),
        short s => raw.sqlite3_bind_int64(statement, index, s),
        byte b => raw.sqlite3_bind_int64(statement, index, b),
        double d when !double.IsNaN(d) => raw.sqlite3_bind_double(statement, index, d),
        float f when !float.IsNaN(f) => raw.sqlite3_bind_double(statement, index, f),
        decimal m => raw.sqlite3_bind_text(statement, index, m.ToString("0.0###########################", CultureInfo.InvariantCulture)),
        DateTime t => raw.sqlite3_bind_text(statement, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        DateTimeOffset t => raw.sqlite3_bind_text(statement, index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
        DateOnly d => raw.sqlite3_bind_text(statement, index, d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => raw.sqlite3_bind_text(statement, index, t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff", CultureInfo.InvariantCulture)),
        TimeSpan t => raw.sqlite3_bind_text(statement, index, t.ToString("c", CultureInfo.InvariantCulture)),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        Enum e => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"Bulk inserts cannot bind a {value.GetType().Name} value."),
    };

    /// <summary>The shadow columns a bulk insert can fill, with what their save-time interceptor would write.</summary>
    private static readonly Dictionary<(Type, string), Func<object, object?>> Shadows = new()
    {
        [(typeof(Customers.Customer), Quality.CustomerMatchConfiguration.MatchName)] = e => Quality.MatchKeyInterceptor.KeysOf((Customers.Customer)e).Name,
        [(typeof(Customers.Customer), Quality.CustomerMatchConfiguration.MatchBlock)] = e => Quality.MatchKeyInterceptor.KeysOf((Customers.Customer)e).Block,
        [(typeof(Customers.Contact), Quality.ContactMatchConfiguration.MatchName)] = e => Quality.MatchKeyInterceptor.KeysOf((Customers.Contact)e).Name,
        [(typeof(Customers.Contact), Quality.ContactMatchConfiguration.MatchEmail)] = e => Quality.MatchKeyInterceptor.KeysOf((Customers.Contact)e).Email,
        [(typeof(Customers.Contact), Quality.ContactMatchConfiguration.MatchPhone)] = e => Quality.MatchKeyInterceptor.KeysOf((Customers.Contact)e).Phone,
        [(typeof(Leads.Lead), Quality.LeadMatchConfiguration.MatchName)] = e => Quality.MatchKeyInterceptor.KeyOf((Leads.Lead)e),
    };

    /// <summary>The mapped columns of <paramref name="type"/>: its stored properties (not computed ones) and its owned
    /// collections stored as JSON.</summary>
    private static List<Column> ColumnsOf(IEntityType type, bool postgres)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = new List<Column>();
        foreach (var p in type.GetProperties())
        {
            if (p.GetColumnName(table) is not { } name || p.GetComputedColumnSql(table) is not null) continue;
            // A column the database fills itself (CustomerListsSchema's lists), which a normal save leaves out too.
            if (p.GetBeforeSaveBehavior() == PropertySaveBehavior.Ignore) continue;
            if (p.IsShadowProperty())
            {
                // A shadow column has its value from an interceptor on a normal save: the same value, from the same code.
                if (!Shadows.TryGetValue((type.ClrType, p.Name), out var value))
                    throw new InvalidOperationException($"{type.DisplayName()}.{p.Name} is a shadow property: bulk inserts need CLR values.");
                columns.Add(new Column(name, p.GetRelationalTypeMapping(), value, null));
                continue;
            }
            var getter = p.GetGetter();
            columns.Add(new Column(name, p.GetRelationalTypeMapping(), getter.GetClrValue, null));
        }
        foreach (var n in type.GetNavigations().Where(n => n.ForeignKey.IsOwnership && n.TargetEntityType.IsMappedToJson()))
        {
            var getter = n.GetGetter();
            columns.Add(new Column(n.TargetEntityType.GetContainerColumnName()!, null, e => JsonSerializer.Serialize(getter.GetClrValue(e), Json),
                postgres ? n.TargetEntityType.GetContainerColumnType() ?? "jsonb" : null));
        }
        return columns;
    }

    private static Column Stamped(Column c, DateTime now, Guid? by) => c.Name switch
    {
        nameof(AuditedEntity.CreatedAt) => c with { Value = e => StampInterceptor.Added((AuditedEntity)e, now, by).CreatedAt },
        nameof(AuditedEntity.CreatedById) => c with { Value = e => StampInterceptor.Added((AuditedEntity)e, now, by).CreatedById },
        nameof(AuditedEntity.UpdatedAt) => c with { Value = e => StampInterceptor.Added((AuditedEntity)e, now, by).UpdatedAt },
        nameof(AuditedEntity.UpdatedById) => c with { Value = e => StampInterceptor.Added((AuditedEntity)e, now, by).UpdatedById },
        _ => c,
    };
}
