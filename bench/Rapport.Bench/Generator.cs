using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Rapport.Core.Access;
using Rapport.Core.Customers;
using Rapport.Core.Data;
using Rapport.Core.Identity;
using Rapport.Core.ServiceDesk;

namespace Rapport.Bench;

/// <summary>Deterministic bulk data: customers (with channels, tags), ~2 contacts and ~10 interactions each, and one
/// service case each (one in ten still active, due around the time of the run, in the queues of 8 teams).
/// SQLite: prepared, reused commands in large transactions with the FTS triggers off, index rebuilt after.
/// PostgreSQL: binary COPY with the secondary indexes and row triggers off, their work done set-based after.
/// Rows are built with the product's own entity code (search text, normalisation).</summary>
internal sealed class Generator(DatabaseOptions db, int customers, int seed)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "杰", "军", "勇"];
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "杭州", "成都", "南京", "武汉", "星辰", "天河"];
    private static readonly string[] Trades = ["科技", "贸易", "制造", "物流", "咨询", "软件"];
    private static readonly string[] EnFirst = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka"];
    private static readonly string[] EnLast = ["Industries", "Holdings", "Labs", "Partners", "Systems", "Trading", "Logistics", "Foods"];
    private static readonly string[] Tags = ["VIP", "High net worth", "Key account", "Newsletter", "重点客户", "Partner"];

    private static readonly string[] EnSubjects = ["Cannot sign in", "Invoice amount is wrong", "Delivery is late", "Please add a user", "Export fails"];
    private static readonly string[] ZhSubjects = ["无法登录系统", "发票金额有误", "到货延迟", "请增加用户", "导出失败"];

    /// <summary>When the run's active cases are due around: every due time is relative to it.</summary>
    public DateTime Now { get; } = DateTime.UtcNow;

    public sealed record Result(long Rows, double Seconds, IReadOnlyList<Guid> Owners)
    {
        public double RowsPerSecond => Rows / Math.Max(Seconds, 0.001);
    }

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var owners = await CreateOwnersAsync(ct);
        long rows = db.Provider == DatabaseProvider.Postgres ? await CopyPostgresAsync(owners, ct) : await InsertSqliteAsync(owners, ct);
        return new Result(rows, sw.Elapsed.TotalSeconds, owners);
    }

    /// <summary>A database a previous run generated (--reuse): its owners, nothing generated now.</summary>
    public static async Task<Result> ReusedAsync(DatabaseOptions db, CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(options, db);
        await using var ctx = new RapportDbContext(options.Options);
        var owners = await ctx.Users.Where(u => u.UserName!.StartsWith("rep")).OrderBy(u => u.UserName).Select(u => u.Id).ToListAsync(ct);
        return new Result(0, 0, owners);
    }

    private async Task<List<Guid>> CreateOwnersAsync(CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(options, db);
        await using var ctx = new RapportDbContext(options.Options);
        var teams = Enumerable.Range(0, 8).Select(i => new Team { Name = $"Team {i}", CreatedAt = DateTime.UtcNow }).ToList();
        foreach (var t in teams) t.Path = $"{t.Id}/";
        ctx.Teams.AddRange(teams);
        var users = Enumerable.Range(0, 50).Select(i => new AppUser
        {
            UserName = $"rep{i:00}", NormalizedUserName = $"REP{i:00}", DisplayName = $"Rep {i:00} (team {i % 8})",
            SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = DateTime.UtcNow, TeamId = teams[i % 8].Id,
        }).ToList();
        ctx.Users.AddRange(users);
        _teamOf = users.ToDictionary(u => u.Id, u => u.TeamId!.Value);
        await ctx.SaveChangesAsync(ct);
        return users.Select(u => u.Id).ToList();
    }

    private Dictionary<Guid, Guid> _teamOf = [];

    /// <summary>A case's stored columns (the entity keeps its state behind methods; the bench writes what they would).</summary>
    private sealed record CaseRow(Guid Id, string Number, CaseType Type, string Subject, Guid CustomerId, CaseChannel Channel, CasePriority Priority,
        CaseStatus Status, Guid? OwnerId, Guid QueueId, DateTime? FirstResponseAt, DateTime? ResolvedAt, DateTime? ClosedAt,
        DateTime? FirstResponseDueAt, DateTime ResolutionDueAt, DateTime CreatedAt)
    {
        public string SearchText => $"{Number} {Subject}".ToLowerInvariant();
        public string QueueOrder => Case.OrderKey(ResolutionDueAt, Priority);
    }

    /// <summary>One customer and its children, as the product would store them.</summary>
    private sealed record Row(Customer Customer, List<Contact> Contacts, List<Interaction> Interactions, CaseRow Case);

    private IEnumerable<Row> Rows(IReadOnlyList<Guid> owners)
    {
        var rnd = new Random(seed);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < customers; i++)
        {
            var chinese = i % 2 == 1;
            var created = start.AddSeconds(i * (86400.0 * 900 / Math.Max(customers, 1)));
            var name = chinese
                ? rnd.Next(3) == 0 ? Surnames[rnd.Next(10)] + Given[rnd.Next(12)] + Given[rnd.Next(12)]
                    : Cities[rnd.Next(10)] + Given[rnd.Next(12)] + Trades[rnd.Next(6)] + "有限公司"
                : $"{EnFirst[rnd.Next(12)]} {EnLast[rnd.Next(8)]} {i}";
            var c = new Customer
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(created)),
                Number = $"C-{created.Year}-{i + 1:0000000}", Name = name, CreatedAt = created, UpdatedAt = created,
                Kind = i % 4 == 3 ? CustomerKind.Individual : CustomerKind.Company,
                OwnerId = owners[rnd.Next(owners.Count)], Tier = (ValueTier)rnd.Next(3), Stage = (LifecycleStage)rnd.Next(5),
                Industry = chinese ? "制造业" : "Software", Source = "Website",
                Addresses = [chinese
                    ? new Address { Country = "中国", City = Cities[rnd.Next(10)], Street = $"中山路{rnd.Next(1, 999)}号", Postcode = "100000" }
                    : new Address { Country = "United States", City = "Springfield", Street = $"{rnd.Next(1, 9999)} Main St", Postcode = "62701" }],
            };
            var phone = chinese ? $"+86138{rnd.Next(0, 100_000_000):00000000}" : $"+1650{rnd.Next(200, 999)}{rnd.Next(0, 10000):0000}";
            c.ReplaceChannels([
                new CustomerChannel { CustomerId = c.Id, Kind = ChannelKind.Phone, Value = phone, IsPrimary = true },
                new CustomerChannel { CustomerId = c.Id, Kind = ChannelKind.Email, Value = $"buyer{i}@example{i % 97}.com", IsPrimary = true }]);
            if (rnd.Next(3) == 0) c.ReplaceTags([Tags[rnd.Next(Tags.Length)]]);
            c.RefreshSearchText();

            var contacts = new List<Contact>();
            for (var k = 0; k < rnd.Next(0, 5); k++)
            {
                var ct = new Contact
                {
                    CustomerId = c.Id, Name = chinese ? Surnames[rnd.Next(10)] + Given[rnd.Next(12)] : $"{EnFirst[rnd.Next(12)]} Person {k}",
                    Title = "Buyer", Phones = [$"+86139{rnd.Next(0, 100_000_000):00000000}"], Emails = [$"p{i}.{k}@example.com"],
                    IsPrimary = k == 0, CreatedAt = created, UpdatedAt = created, UpdatedById = c.OwnerId,
                };
                ct.RefreshSearchText();
                contacts.Add(ct);
            }
            var interactions = new List<Interaction>();
            for (var k = 0; k < rnd.Next(5, 16); k++)
            {
                var at = created.AddHours(rnd.Next(0, 24 * 300));
                interactions.Add(new Interaction
                {
                    Id = Guid.CreateVersion7(new DateTimeOffset(at)), CustomerId = c.Id, Kind = (InteractionKind)rnd.Next(8), OccurredAt = at,
                    Direction = (Direction)rnd.Next(3), Subject = chinese ? "电话回访" : "Follow-up call", Content = "Discussed the renewal and next steps.",
                    CreatedAt = at, UpdatedAt = at, CreatedById = c.OwnerId,
                });
            }
            yield return new Row(c, contacts, interactions, NewCase(rnd, i, c, chinese));
        }
    }

    /// <summary>One case for the customer: nine in ten resolved and closed long ago; one in ten active, created in the last
    /// ten days, due from three days ago to five days ahead (so about a third is past due), a fifth unassigned.</summary>
    private CaseRow NewCase(Random rnd, int i, Customer c, bool chinese)
    {
        var active = i / 2 % 10 == 3; // one in ten, English and Chinese alike
        var priority = (CasePriority)rnd.Next(4);
        var owner = active && rnd.Next(5) == 0 ? (Guid?)null : c.OwnerId;
        var queue = _teamOf[c.OwnerId!.Value];
        var subject = (chinese ? ZhSubjects : EnSubjects)[rnd.Next(5)];
        var number = $"CS-{i + 1:0000000}";
        if (!active)
        {
            var created = c.CreatedAt.AddHours(rnd.Next(1, 24 * 200));
            var resolved = created.AddHours(rnd.Next(1, 72));
            return new CaseRow(Guid.CreateVersion7(new DateTimeOffset(created)), number, (CaseType)rnd.Next(4), subject, c.Id, (CaseChannel)rnd.Next(6), priority,
                CaseStatus.Closed, owner, queue, created.AddHours(1), resolved, resolved.AddDays(7), created.AddHours(4), created.AddDays(2), created);
        }
        var at = Now.AddMinutes(-rnd.Next(1, 60 * 24 * 10));
        var status = (CaseStatus)rnd.Next(3); // new, open or pending customer
        var responded = status != CaseStatus.New ? at.AddMinutes(30) : (DateTime?)null;
        return new CaseRow(Guid.CreateVersion7(new DateTimeOffset(at)), number, (CaseType)rnd.Next(4), subject, c.Id, (CaseChannel)rnd.Next(6), priority,
            status, owner, queue, responded, null, null, at.AddHours(4), Now.AddMinutes(rnd.Next(-60 * 24 * 3, 60 * 24 * 5)), at);
    }

    private static string Json(List<Address> a) => JsonSerializer.Serialize(a.Select(x => new SortedDictionary<string, string?>
    {
        ["City"] = x.City, ["Country"] = x.Country, ["Label"] = x.Label, ["Postcode"] = x.Postcode, ["Region"] = x.Region, ["Street"] = x.Street,
    }));

    private static string G(Guid g) => g.ToString().ToUpperInvariant();
    private static object G(Guid? g) => g is { } v ? G(v) : DBNull.Value;
    private static object N(object? v) => v ?? DBNull.Value;

    private sealed class Insert(SqliteConnection conn, string table, params string[] columns)
    {
        private readonly SqliteCommand _cmd = Create(conn, table, columns);

        private static SqliteCommand Create(SqliteConnection conn, string table, string[] columns)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(",", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(",", columns.Select((_, i) => "$p" + i))})";
            for (var i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter("$p" + i, null));
            cmd.Prepare();
            return cmd;
        }

        public SqliteTransaction? Tx { set => _cmd.Transaction = value; }

        public void Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) _cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
            _cmd.ExecuteNonQuery();
        }
    }

    private async Task<long> InsertSqliteAsync(IReadOnlyList<Guid> owners, CancellationToken ct)
    {
        await using var conn = new SqliteConnection(DatabaseSetup.SqliteConnectionString(db));
        await conn.OpenAsync(ct);
        DatabaseSetup.RegisterFunctions(conn);
        await Exec(conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;" + SearchIndex.SqliteDropDdl + SearchKeys.SqliteDropTriggers);
        var customersCmd = new Insert(conn, "Customers", "Id", "Number", "Name", "Kind", "Industry", "Source", "OwnerId", "Tier", "Stage", "Notes",
            "Addresses", "SearchText", "CreatedAt", "CreatedById", "UpdatedAt", "UpdatedById", "DeletedAt", "DeletedById", "Version");
        var channelsCmd = new Insert(conn, "CustomerChannels", "Id", "CustomerId", "Kind", "Value", "Label", "IsPrimary");
        var tagsCmd = new Insert(conn, "CustomerTags", "CustomerId", "Name");
        var contactsCmd = new Insert(conn, "Contacts", "Id", "CustomerId", "Name", "Title", "Department", "Phones", "Emails", "IsPrimary", "SearchText",
            "CreatedAt", "CreatedById", "UpdatedAt", "UpdatedById", "Version");
        var interactionsCmd = new Insert(conn, "Interactions", "Id", "CustomerId", "ContactId", "Kind", "OccurredAt", "Direction", "Subject", "Content",
            "Participants", "Outcome", "FollowUpOn", "DueAt", "Done", "CreatedAt", "CreatedById", "UpdatedAt", "UpdatedById", "Version");
        var casesCmd = new Insert(conn, "Cases", "Id", "Number", "Type", "Subject", "CustomerId", "Channel", "Priority", "Status", "OwnerId", "QueueId",
            "FirstResponseAt", "ResolvedAt", "ClosedAt", "FirstResponseDueAt", "ResolutionDueAt", "SearchText", "QueueOrder", "CreatedAt", "UpdatedAt", "Version");
        Insert[] all = [customersCmd, channelsCmd, tagsCmd, contactsCmd, interactionsCmd, casesCmd];
        long rows = 0;
        SqliteTransaction? tx = null;
        var n = 0;
        foreach (var r in Rows(owners))
        {
            if (n++ % 20_000 == 0)
            {
                if (tx is not null) await tx.CommitAsync(ct);
                tx = conn.BeginTransaction();
                foreach (var i in all) i.Tx = tx;
            }
            var c = r.Customer;
            customersCmd.Run(G(c.Id), c.Number, c.Name, c.Kind.ToString(), c.Industry, c.Source, G(c.OwnerId), c.Tier.ToString(), c.Stage.ToString(), c.Notes,
                Json(c.Addresses), c.SearchText, c.CreatedAt, G(c.CreatedById), c.UpdatedAt, G(c.UpdatedById), null, null, c.Version);
            foreach (var ch in c.Channels) channelsCmd.Run(G(ch.Id), G(c.Id), ch.Kind.ToString(), ch.Value, ch.Label, ch.IsPrimary);
            foreach (var t in c.Tags) tagsCmd.Run(G(c.Id), t.Name);
            foreach (var k in r.Contacts)
                contactsCmd.Run(G(k.Id), G(c.Id), k.Name, k.Title, k.Department, JsonSerializer.Serialize(k.Phones), JsonSerializer.Serialize(k.Emails),
                    k.IsPrimary, k.SearchText, k.CreatedAt, G(k.CreatedById), k.UpdatedAt, G(k.UpdatedById), k.Version);
            foreach (var x in r.Interactions)
                interactionsCmd.Run(G(x.Id), G(c.Id), null, x.Kind.ToString(), x.OccurredAt, x.Direction.ToString(), x.Subject, x.Content, "[]", null, null, null,
                    x.Done, x.CreatedAt, G(x.CreatedById), x.UpdatedAt, null, x.Version);
            var k2 = r.Case;
            casesCmd.Run(G(k2.Id), k2.Number, k2.Type.ToString(), k2.Subject, G(c.Id), k2.Channel.ToString(), k2.Priority.ToString(), k2.Status.ToString(),
                G(k2.OwnerId), G(k2.QueueId), k2.FirstResponseAt, k2.ResolvedAt, k2.ClosedAt, k2.FirstResponseDueAt, k2.ResolutionDueAt, k2.SearchText,
                k2.QueueOrder, k2.CreatedAt, k2.CreatedAt, 1L);
            rows += 2 + c.Channels.Count + c.Tags.Count + r.Contacts.Count + r.Interactions.Count;
        }
        if (tx is not null) await tx.CommitAsync(ct);
        // Recreate the FTS tables and triggers, rebuilt from the loaded rows, exactly as the app does at startup.
        var options = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(options, db);
        await using var ctx = new RapportDbContext(options.Options);
        ctx.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await SearchIndex.EnsureAsync(ctx, ct);
        await Exec(conn, "ANALYZE;");
        return rows;
    }

    private async Task<long> CopyPostgresAsync(IReadOnlyList<Guid> owners, CancellationToken ct)
    {
        var data = Rows(owners).ToList();
        // COPY's completion waits for the server to finish the indexes of millions of rows: no command timeout.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { CommandTimeout = 0 }.ToString());
        await conn.OpenAsync(ct);
        // Loaded as a restore would be: the secondary indexes dropped and built once after the load (millions of index
        // inserts, the trigram GIN ones above all, are what took 39 minutes at 1M), and no row triggers meanwhile (foreign
        // keys, search keys, the customers' lists), whose work is done once, set-based, afterwards.
        var indexes = await SecondaryIndexesAsync(conn, ct);
        await PgExec(conn, string.Concat(indexes.Select(i => $"DROP INDEX \"{i.Name}\";\n")) +
            "SET session_replication_role = replica; SET maintenance_work_mem = '1GB';", ct);
        long rows = 0;
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"Customers\" (\"Id\",\"Number\",\"Name\",\"Kind\",\"Industry\",\"Source\",\"OwnerId\",\"Tier\",\"Stage\",\"Addresses\",\"SearchText\",\"CreatedAt\",\"UpdatedAt\",\"Version\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in data.Select(d => d.Customer))
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct); await w.WriteAsync(c.Number, ct); await w.WriteAsync(c.Name, ct);
                await w.WriteAsync(c.Kind.ToString(), ct); await w.WriteAsync(c.Industry!, ct); await w.WriteAsync(c.Source!, ct);
                await w.WriteAsync(c.OwnerId!.Value, NpgsqlDbType.Uuid, ct); await w.WriteAsync(c.Tier.ToString(), ct); await w.WriteAsync(c.Stage.ToString(), ct);
                await w.WriteAsync(Json(c.Addresses), NpgsqlDbType.Jsonb, ct); await w.WriteAsync(c.SearchText, ct);
                await w.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, ct); await w.WriteAsync(c.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(c.Version, ct);
                rows++;
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"CustomerChannels\" (\"Id\",\"CustomerId\",\"Kind\",\"Value\",\"IsPrimary\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var ch in data.SelectMany(d => d.Customer.Channels))
            {
                await w.WriteRowAsync(ct, ch.Id, ch.CustomerId, ch.Kind.ToString(), ch.Value, ch.IsPrimary);
                rows++;
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"CustomerTags\" (\"CustomerId\",\"Name\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var t in data.SelectMany(d => d.Customer.Tags))
            {
                await w.WriteRowAsync(ct, t.CustomerId, t.Name);
                rows++;
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"Contacts\" (\"Id\",\"CustomerId\",\"Name\",\"Title\",\"Phones\",\"Emails\",\"IsPrimary\",\"SearchText\",\"CreatedAt\",\"UpdatedAt\",\"Version\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var k in data.SelectMany(d => d.Contacts))
            {
                await w.WriteRowAsync(ct, k.Id, k.CustomerId, k.Name, k.Title!, k.Phones.ToArray(), k.Emails.ToArray(), k.IsPrimary, k.SearchText, k.CreatedAt, k.UpdatedAt, k.Version);
                rows++;
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"Interactions\" (\"Id\",\"CustomerId\",\"Kind\",\"OccurredAt\",\"Direction\",\"Subject\",\"Content\",\"Participants\",\"Done\",\"CreatedAt\",\"UpdatedAt\",\"Version\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var x in data.SelectMany(d => d.Interactions))
            {
                await w.WriteRowAsync(ct, x.Id, x.CustomerId, x.Kind.ToString(), x.OccurredAt, x.Direction.ToString(), x.Subject, x.Content!, Array.Empty<string>(), x.Done, x.CreatedAt, x.UpdatedAt, x.Version);
                rows++;
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY \"Cases\" (\"Id\",\"Number\",\"Type\",\"Subject\",\"CustomerId\",\"Channel\",\"Priority\",\"Status\",\"OwnerId\",\"QueueId\",\"FirstResponseAt\",\"ResolvedAt\",\"ClosedAt\",\"FirstResponseDueAt\",\"ResolutionDueAt\",\"SearchText\",\"QueueOrder\",\"CreatedAt\",\"UpdatedAt\",\"Version\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var k in data.Select(d => d.Case))
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(k.Id, NpgsqlDbType.Uuid, ct); await w.WriteAsync(k.Number, ct); await w.WriteAsync(k.Type.ToString(), ct);
                await w.WriteAsync(k.Subject, ct); await w.WriteAsync(k.CustomerId, NpgsqlDbType.Uuid, ct); await w.WriteAsync(k.Channel.ToString(), ct);
                await w.WriteAsync(k.Priority.ToString(), ct); await w.WriteAsync(k.Status.ToString(), ct);
                await Nullable(w, k.OwnerId, NpgsqlDbType.Uuid, ct); await w.WriteAsync(k.QueueId, NpgsqlDbType.Uuid, ct);
                await Nullable(w, k.FirstResponseAt, NpgsqlDbType.TimestampTz, ct); await Nullable(w, k.ResolvedAt, NpgsqlDbType.TimestampTz, ct);
                await Nullable(w, k.ClosedAt, NpgsqlDbType.TimestampTz, ct); await Nullable(w, k.FirstResponseDueAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(k.ResolutionDueAt, NpgsqlDbType.TimestampTz, ct); await w.WriteAsync(k.SearchText, ct); await w.WriteAsync(k.QueueOrder, ct);
                await w.WriteAsync(k.CreatedAt, NpgsqlDbType.TimestampTz, ct); await w.WriteAsync(k.CreatedAt, NpgsqlDbType.TimestampTz, ct); await w.WriteAsync(1L, ct);
                rows++;
            }
            await w.CompleteAsync(ct);
        }
        var built = Stopwatch.StartNew();
        // The children's indexes first: the customers' lists are read through them.
        foreach (var index in indexes.Where(i => i.Table != "Customers")) await PgExec(conn, index.Definition, ct);
        await PgExec(conn, "SET session_replication_role = DEFAULT;\nBEGIN;\n" + CustomerListsSchema.PostgresRebuild + "COMMIT;\n" + SearchKeys.PostgresRebuild, ct);
        // The lists' update left a dead version of every customer behind; rewrite the table before its indexes exist.
        await PgExec(conn, "VACUUM FULL \"Customers\"", ct);
        foreach (var index in indexes.Where(i => i.Table == "Customers")) await PgExec(conn, index.Definition, ct);
        Console.WriteLine($"[bench] built {indexes.Count} indexes, the customers' lists and the search keys in {built.Elapsed.TotalSeconds:F0} s");
        // Vacuumed as well as analysed, so the visibility map is set (index-only scans) and autovacuum has nothing to do
        // during the measurements.
        await PgExec(conn, "VACUUM (ANALYZE)", ct);
        return rows;
    }

    private static readonly string[] LoadedTables = ["Customers", "CustomerChannels", "CustomerTags", "Contacts", "Interactions", "Cases"];

    /// <summary>The indexes of the loaded tables that no constraint owns (a primary or unique key stays), with the
    /// statement that creates each again.</summary>
    private static async Task<List<(string Name, string Table, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
            ORDER BY i.tablename, i.indexname
            """, conn);
        cmd.Parameters.AddWithValue("tables", LoadedTables);
        var list = new List<(string, string, string)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    private static async Task PgExec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is { } v) await w.WriteAsync(v, type, ct);
        else await w.WriteNullAsync(ct);
    }

    private static async Task Exec(SqliteConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
