using System.Data.Common;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Core.Data;

namespace Rapport.Bench;

/// <summary>The read and write scenarios, each through the HTTP API, and the read ones also as raw SQL (the floor).</summary>
internal sealed class Scenarios(HttpClient http, DatabaseOptions db, Scenarios.Samples samples)
{
    public sealed record Samples(Guid[] Ids, string[] NamePrefixes, string[] Phones, string[] ChineseFragments, Guid[] Owners,
        string DeepCursor, DateTime DeepKey, Guid DeepId, int DeepPage, bool BroadFilter, Guid[] Teams, Guid[] CaseIds);

    private bool Pg => db.Provider == DatabaseProvider.Postgres;

    public static async Task<Samples> CollectAsync(HttpClient http, DatabaseOptions db, Guid[] owners, int deepPage, CancellationToken ct)
    {
        var ids = new List<Guid>(); var names = new List<string>(); var phones = new List<string>(); var zh = new List<string>();
        await using var conn = Open(db);
        await Deals.EnsureAsync(conn, db, ct);
        await using (var cmd = conn.CreateCommand())
        {
            // Every 97th customer by creation: spread over the table, deterministic.
            cmd.CommandText = "SELECT c.\"Id\", c.\"Name\", ch.\"Value\" FROM \"Customers\" c JOIN \"CustomerChannels\" ch ON ch.\"CustomerId\" = c.\"Id\" AND ch.\"Kind\" = 'Phone' ORDER BY c.\"Number\" LIMIT 20000";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var all = new List<(Guid Id, string Name, string Phone)>();
            while (await r.ReadAsync(ct)) all.Add((r.GetFieldValue<Guid>(0), r.GetString(1), r.GetString(2)));
            // Spread over the table, deterministic; a multiple of 64 ids so that worker w of N (N | 64) only ever
            // touches ids ≡ w (mod N): concurrent updates never race for one row.
            var step = Math.Max(1, all.Count / 256) | 1; // odd, so both English (even) and Chinese (odd) rows are sampled
            var picked = all.Where((_, n) => n % step == 0).ToList();
            if (picked.Count >= 64) picked = picked.Take(picked.Count / 64 * 64).ToList();
            foreach (var (id, _, phone) in picked)
            {
                ids.Add(id);
                phones.Add(phone[^8..]);
            }
            // Names from the rows between the picked ones: the update scenario renames the picked customers, so on a
            // reused database their names are no longer the generated English and Chinese ones.
            foreach (var (_, name, _) in all.Where((_, n) => n % step == step / 2).Take(picked.Count))
            {
                if (char.IsAsciiLetter(name[0])) names.Add(name[..Math.Min(6, name.Length)]);
                else zh.Add(name.Length >= 4 ? name.Substring(1, 3) : name[..2]);
            }
        }
        // Walk the cursor chain to the deep page once; the scenario then times only that page.
        string? cursor = null; JsonNode? last = null; var page = 1;
        for (; page < deepPage; page++)
        {
            var body = await http.GetFromJsonAsync<JsonNode>($"/api/v1/customers?limit=50{(cursor is null ? "" : "&cursor=" + cursor)}", ct);
            var next = body!["nextCursor"]?.GetValue<string>();
            if (next is null) break;
            last = body["items"]!.AsArray()[^1];
            cursor = next;
        }
        return new Samples(ids.ToArray(), names.Distinct().ToArray(), phones.ToArray(), zh.Distinct().ToArray(), owners, cursor ?? "",
            last?["createdAt"]?.GetValue<DateTime>() ?? DateTime.UtcNow, last is null ? Guid.Empty : Guid.Parse(last["id"]!.GetValue<string>()), page,
            await BroadAsync(conn, db, ct), await GuidsAsync(conn, "SELECT \"Id\" FROM \"Teams\" ORDER BY \"Name\"", ct),
            await GuidsAsync(conn, "SELECT \"Id\" FROM \"Cases\" ORDER BY \"Number\" LIMIT 256", ct));
    }

    internal static async Task<Guid[]> GuidsAsync(DbConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Guid>();
        while (await r.ReadAsync(ct)) list.Add(r.GetFieldValue<Guid>(0));
        return [.. list];
    }

    /// <summary>Whether the text-filter scenario's term is broad, so the raw SQL can take the plan the product takes
    /// on SQLite (an ordered scan with LIKE instead of sorting every index match; see TextSearch).</summary>
    private static async Task<bool> BroadAsync(DbConnection conn, DatabaseOptions db, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres) return false;
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM (SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"example1\"' LIMIT {Rapport.Core.Common.TextSearch.BroadMatches})";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) >= Rapport.Core.Common.TextSearch.BroadMatches;
    }

    public static DbConnection Open(DatabaseOptions db)
    {
        DbConnection c = db.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 200 }.ToString())
            : new SqliteConnection(DatabaseSetup.SqliteConnectionString(db));
        c.Open();
        if (c is SqliteConnection sqlite) DatabaseSetup.RegisterFunctions(sqlite);
        return c;
    }

    private T Pick<T>(T[] a, int i) => a[(int)((uint)i % (uint)a.Length)];

    public IReadOnlyList<(string Name, bool Read, Func<int, Task> Api, Func<DbConnection, int, Task>? Raw)> All() =>
    [
        ("list page 1 (default sort)", true, i => Get("/api/v1/customers?limit=50"),
            (c, i) => Rows(c, "SELECT \"Id\",\"Number\",\"Name\",\"Kind\",\"Tier\",\"Stage\",\"OwnerId\",\"CreatedAt\",\"UpdatedAt\" FROM \"Customers\" WHERE \"DeletedAt\" IS NULL ORDER BY \"CreatedAt\" DESC, \"Id\" DESC LIMIT 51")),
        ("list text filter + tag + sort by name", true, i => Get("/api/v1/customers?q=example1&tag=VIP&sort=name&limit=50"),
            (c, i) => Rows(c, Pg
                // The app's plan (ADR-059): the page's ids from the covering pinyin name index alone, then their rows.
                ? "SELECT c.\"Id\",c.\"Name\" FROM \"Customers\" c WHERE c.\"Id\" IN (SELECT \"Id\" FROM \"Customers\" WHERE \"DeletedAt\" IS NULL"
                  + " AND \"SearchText\" LIKE '%example1%' AND strpos(chr(31) || \"TagList\" || chr(31), chr(31) || 'VIP' || chr(31)) > 0"
                  + " ORDER BY \"Name\" COLLATE \"zh-x-icu\", \"Id\" LIMIT 51) ORDER BY c.\"Name\" COLLATE \"zh-x-icu\", c.\"Id\""
                : (samples.BroadFilter ? "SELECT c.\"Id\",c.\"Name\" FROM \"Customers\" c WHERE c.\"SearchText\" LIKE '%example1%'"
                : "SELECT c.\"Id\",c.\"Name\" FROM \"Customers\" c WHERE c.rowid IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"example1\"')")
                + " AND c.\"DeletedAt\" IS NULL AND EXISTS (SELECT 1 FROM \"CustomerTags\" t WHERE t.\"CustomerId\" = c.\"Id\" AND t.\"Name\" = 'VIP') ORDER BY c.\"Name\", c.\"Id\" LIMIT 51")),
        ($"deep cursor page ({samples.DeepPage})", true, i => Get($"/api/v1/customers?limit=50&cursor={samples.DeepCursor}"),
            (c, i) => Rows(c, "SELECT \"Id\",\"Name\" FROM \"Customers\" WHERE \"DeletedAt\" IS NULL AND \"CreatedAt\" <= @k AND (\"CreatedAt\" < @k OR (\"CreatedAt\" = @k AND \"Id\" < @id)) ORDER BY \"CreatedAt\" DESC, \"Id\" DESC LIMIT 51",
                ("k", samples.DeepKey), ("id", Id(samples.DeepId)))),
        ("search name prefix", true, i => Get("/api/v1/search?q=" + Uri.EscapeDataString(Pick(samples.NamePrefixes, i))),
            (c, i) => Search(c, Pick(samples.NamePrefixes, i).ToLowerInvariant())),
        ("search phone", true, i => Get("/api/v1/search?q=" + Pick(samples.Phones, i)), (c, i) => Search(c, Pick(samples.Phones, i))),
        ("search Chinese fragment", true, i => Get("/api/v1/search?q=" + Uri.EscapeDataString(Pick(samples.ChineseFragments, i))),
            (c, i) => Search(c, Pick(samples.ChineseFragments, i))),
        ("customer detail", true, i => Get($"/api/v1/customers/{Pick(samples.Ids, i)}"),
            (c, i) => Rows(c, "SELECT * FROM \"Customers\" WHERE \"Id\" = @id; SELECT * FROM \"CustomerChannels\" WHERE \"CustomerId\" = @id; SELECT * FROM \"CustomerTags\" WHERE \"CustomerId\" = @id", ("id", Id(Pick(samples.Ids, i))))),
        ("timeline page", true, i => Get($"/api/v1/customers/{Pick(samples.Ids, i)}/interactions?limit=20"),
            (c, i) => Rows(c, "SELECT * FROM \"Interactions\" WHERE \"CustomerId\" = @id ORDER BY \"OccurredAt\" DESC, \"Id\" DESC LIMIT 21", ("id", Id(Pick(samples.Ids, i))))),
        ("case queue: a team's active cases by due time", true, i => Get($"/api/v1/cases?queueId={Pick(samples.Teams, i)}&active=true&limit=50"),
            (c, i) => Rows(c, CaseQueue("k.\"QueueId\" = @p AND k.\"Status\" IN ('New','Open','PendingCustomer')"), ("p", Id(Pick(samples.Teams, i))))),
        ("case queue: an agent's active cases by due time", true, i => Get($"/api/v1/cases?ownerId={Pick(samples.Owners, i)}&active=true&limit=50"),
            (c, i) => Rows(c, CaseQueue("k.\"OwnerId\" = @p AND k.\"Status\" IN ('New','Open','PendingCustomer')"), ("p", Id(Pick(samples.Owners, i))))),
        ("case queue: all cases by due time", true, i => Get("/api/v1/cases?limit=50"), (c, i) => Rows(c, CaseQueue("1 = 1"))),
        ("case detail", true, i => Get($"/api/v1/cases/{Pick(samples.CaseIds, i)}"),
            (c, i) => Rows(c, "SELECT * FROM \"Cases\" WHERE \"Id\" = @id; SELECT * FROM \"CaseTags\" WHERE \"CaseId\" = @id", ("id", Id(Pick(samples.CaseIds, i))))),
        // A two-dimension pivot over every deal, grouped in the database: owner × stage, count and amount per currency.
        ("report: deals by owner × stage (pivot)", true, i => Send(HttpMethod.Post, "/api/v1/reports/run", new
            {
                source = "opportunities", rows = new[] { new { field = "owner" } }, column = new { field = "stage" },
                measures = new object[] { new { fn = "count" }, new { fn = "sum", field = "amount" } },
            }),
            (c, i) => Rows(c, "SELECT o.\"OwnerId\", o.\"StageId\", o.\"Currency\", COUNT(*), SUM(o.\"AmountMinor\") FROM \"Opportunities\" o JOIN \"Customers\" c ON c.\"Id\" = o.\"CustomerId\" WHERE c.\"DeletedAt\" IS NULL GROUP BY o.\"OwnerId\", o.\"StageId\", o.\"Currency\"")),
        // A segment in the builder: its first page of members by name alone ("count": false, shown first), then the
        // page with its capped count (at most 10,001 rows counted), for a selective and a broad rule.
        ("segment first page: high value with tag VIP", true, i => Send(HttpMethod.Post, "/api/v1/segments/preview", new { rule = HighValueVip, count = false }), null),
        ("segment preview: high value with tag VIP", true, i => Send(HttpMethod.Post, "/api/v1/segments/preview", new { rule = HighValueVip }), null),
        ("segment first page: broad (an interaction in the last year)", true, i => Send(HttpMethod.Post, "/api/v1/segments/preview", new { rule = Broad, count = false }), null),
        ("segment preview: broad (an interaction in the last year)", true, i => Send(HttpMethod.Post, "/api/v1/segments/preview", new { rule = Broad }), null),
        // A standard dashboard widget: the sales dashboard's pipeline KPI (open deals by stage, count and amount) for a
        // quarter, with the previous quarter for its change — two grouped queries per request.
        ("dashboard widget: pipeline KPI with previous period", true,
            i => Get("/api/v1/dashboards/0197a100-0000-7000-8000-000000000001/widgets/0197a100-0000-7000-8000-000000000102/result?from=2026-07-01&to=2026-09-30"),
            (c, i) => Rows(c, "SELECT o.\"StageId\", o.\"Currency\", COUNT(*), SUM(o.\"AmountMinor\") FROM \"Opportunities\" o JOIN \"Customers\" c ON c.\"Id\" = o.\"CustomerId\" WHERE c.\"DeletedAt\" IS NULL AND o.\"ClosedAt\" IS NULL AND o.\"CreatedAt\" >= @f AND o.\"CreatedAt\" < @t GROUP BY o.\"StageId\", o.\"Currency\"",
                ("f", new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc)), ("t", new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc)))),
        ("create customer", false, i => Send(HttpMethod.Post, "/api/v1/customers?confirmDuplicate=true", Body($"Bench {Guid.NewGuid():N}")), null),
        ("update customer", false, i => Send(HttpMethod.Put, $"/api/v1/customers/{Pick(samples.Ids, i)}", Body($"Updated {i}")), null),
    ];

    private static readonly object HighValueVip = new
    {
        match = "all", rules = new object[] { new { field = "tier", op = "eq", value = "high" }, new { field = "tag", op = "has", value = "VIP" } },
    };

    private static readonly object Broad = new { field = "interactions", op = "withinDays", value = "365" };

    /// <summary>A queue page as the product reads it: by the stored queue order, with the customer's name.</summary>
    private static string CaseQueue(string where) =>
        "SELECT k.\"Id\",k.\"Number\",k.\"Subject\",k.\"Status\",k.\"Priority\",k.\"ResolutionDueAt\",c.\"Name\" FROM \"Cases\" k JOIN \"Customers\" c ON c.\"Id\" = k.\"CustomerId\" WHERE "
        + where + " ORDER BY k.\"QueueOrder\", k.\"Id\" LIMIT 51";

    internal static object Body(string name) => new
    {
        name, kind = "company", phones = new[] { "+8613800138000" }, emails = new[] { "bench@example.com" },
        addresses = new[] { new { country = "中国", city = "北京" } }, tier = "high", tags = new[] { "Bench" },
    };

    /// <summary>A GET whose answer must be a success; its body is read to the end.</summary>
    internal async Task Get(string url)
    {
        using var r = await http.GetAsync(url);
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"{(int)r.StatusCode} {url}");
        await r.Content.CopyToAsync(Stream.Null);
    }

    /// <summary>A request with a JSON body whose answer must be a success.</summary>
    internal async Task Send(HttpMethod method, string url, object body)
    {
        using var req = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        using var r = await http.SendAsync(req);
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"{(int)r.StatusCode} {method} {url}: {await r.Content.ReadAsStringAsync()}");
    }

    private object Id(Guid id) => Pg ? id : id.ToString().ToUpperInvariant();

    private Task Search(DbConnection c, string term) => Rapport.Core.Data.SearchKeys.TermOf(Rapport.Core.Common.TextSearch.NormalizeTerm(term)) is { } key
        ? KeySearch(c, key)
        : Pg
        ? PgSearch(c, term)
        : term.Length < 3
            ? Rows(c, "SELECT \"Id\",\"Name\",\"Number\" FROM \"Customers\" WHERE \"SearchText\" LIKE @p AND \"DeletedAt\" IS NULL LIMIT 20; SELECT \"Id\",\"Name\" FROM \"Contacts\" WHERE \"SearchText\" LIKE @p LIMIT 20", ("p", "%" + term + "%"))
            : Rows(c, "SELECT t.\"Id\",t.\"Name\",t.\"Number\" FROM customer_fts JOIN \"Customers\" t ON t.rowid = customer_fts.rowid WHERE customer_fts MATCH @q AND t.\"DeletedAt\" IS NULL LIMIT 20; SELECT t.\"Id\",t.\"Name\" FROM contact_fts JOIN \"Contacts\" t ON t.rowid = contact_fts.rowid WHERE contact_fts MATCH @q LIMIT 20", ("q", SearchIndex.FtsPhrase(term)));

    /// <summary>What the product does for a digits-only or two-character Chinese term on both databases: the first
    /// rows whose search keys start with it (ADR-049).</summary>
    private Task KeySearch(DbConnection c, string key)
    {
        var upper = Rapport.Core.Data.SearchKeys.UpperOf(key);
        var keys = $"FROM \"{Rapport.Core.Data.SearchKeys.TableName}\" d JOIN";
        return Rows(c, $"SELECT t.\"Id\",t.\"Name\",t.\"Number\" {keys} \"Customers\" t ON t.\"Id\" = d.\"OwnerId\" WHERE d.\"Kind\" = 0 AND d.\"Key\" >= @k AND d.\"Key\" < @u AND t.\"DeletedAt\" IS NULL LIMIT 20; " +
            $"SELECT t.\"Id\",t.\"Name\" {keys} \"Contacts\" t ON t.\"Id\" = d.\"OwnerId\" WHERE d.\"Kind\" = 1 AND d.\"Key\" >= @k AND d.\"Key\" < @u LIMIT 20", ("k", key), ("u", upper));
    }

    /// <summary>What the product does on PostgreSQL: names starting with the term from the lower(Name) B-tree, then
    /// the trigram "contains" search only for what is left of the 20.</summary>
    private static async Task PgSearch(DbConnection c, string term)
    {
        (string Table, string Columns, string Live)[] tables = [("Customers", "\"Id\",\"Name\",\"Number\"", " AND \"DeletedAt\" IS NULL"), ("Contacts", "\"Id\",\"Name\"", "")];
        foreach (var (table, columns, live) in tables)
        {
            var found = await Rows(c, $"SELECT {columns} FROM \"{table}\" WHERE lower(\"Name\") LIKE @p{live} LIMIT 20", ("p", term + "%"));
            if (found < 20)
                await Rows(c, $"SELECT {columns} FROM \"{table}\" WHERE \"SearchText\" ILIKE @p{live} LIMIT {20 - found}", ("p", "%" + term + "%"));
        }
    }

    private static async Task<int> Rows(DbConnection c, string sql, params (string Name, object Value)[] ps)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in ps)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = n;
            p.Value = v;
            cmd.Parameters.Add(p);
        }
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = 0;
        do
        {
            while (await r.ReadAsync()) { _ = r.GetValue(0); rows++; }
        } while (await r.NextResultAsync());
        return rows;
    }

    public static HttpClient Client(string baseUrl, string token)
    {
        var h = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        h.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return h;
    }
}
