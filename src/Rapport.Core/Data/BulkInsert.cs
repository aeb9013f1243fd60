using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rapport.Core.Data;

/// <summary>
/// Inserts many new rows of one entity type without the change tracker, for imports: multi-row <c>INSERT … VALUES
/// (…), (…)</c> statements, one prepared command per statement size reused for every chunk, a parameter per value,
/// in the context's current transaction. Columns, names and value conversions come from the EF model (so a row is
/// stored exactly as <c>SaveChanges</c> would store it, owned JSON columns included); audited records are stamped as
/// <see cref="StampInterceptor"/> stamps an added one. Database triggers (the SQLite FTS5 index) fire as usual.
/// Nothing is audited per row: the caller writes its own trace.
/// </summary>
public static class BulkInsert
{
    // Parameters per statement. PostgreSQL allows 65,535. SQLite allows 32,766, but Microsoft.Data.Sqlite binds each
    // parameter by name and SQLite finds a name by a linear search, so binding costs grow with the square of a
    // statement's parameters: a 500-customer statement (12,500 parameters) took a second to bind, 20 rows take
    // ~1 ms; a statement more costs SQLite only microseconds.
    private const int MaxParametersSqlite = 500;
    private const int MaxParametersPostgres = 30_000;
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

        var perStatement = Math.Clamp((db.IsPostgres ? MaxParametersPostgres : MaxParametersSqlite) / columns.Count, 1, MaxRows);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var head = $"INSERT INTO {sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema())} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (command is null || command.Parameters.Count != count * columns.Count)
                {
                    if (command is not null) await command.DisposeAsync();
                    command = Prepare(connection, transaction, head, columns, count);
                }
                var i = 0;
                for (var r = start; r < start + count; r++)
                {
                    var entity = (object)rows[r];
                    if (entity is AuditedEntity audited) audited.OnSaving();
                    foreach (var c in columns)
                    {
                        var value = c.Value(entity);
                        if (value is not null && c.Mapping?.Converter is { } converter) value = converter.ConvertToProvider(value);
                        command.Parameters[i++].Value = value ?? DBNull.Value;
                    }
                }
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction? transaction, string head, List<Column> columns, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var text = new StringBuilder(head, head.Length + rows * columns.Count * 12);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = FormattableString.Invariant($"@p{r}_{c}");
                if (c > 0) text.Append(", ");
                text.Append(columns[c].Cast is { } cast ? $"CAST({name} AS {cast})" : name);
                var parameter = columns[c].Mapping?.CreateParameter(command, name, null, nullable: true) ?? command.CreateParameter();
                parameter.ParameterName = name;
                if (columns[c].Mapping is null) parameter.DbType = System.Data.DbType.String; // JSON text, cast in the statement
                command.Parameters.Add(parameter);
            }
            text.Append(')');
        }
        command.CommandText = text.ToString();
        command.Prepare();
        return command;
    }

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
