namespace Rapport.Core.Customers;

/// <summary>On PostgreSQL, each customer's channels and tags are also kept as text on the customer's row
/// (<see cref="Channels"/>, <see cref="Tags"/>), in the form the export reads (<see cref="CustomerExportText"/>), by
/// triggers on the two child tables: so a CSV export of a million customers reads no subquery per customer (the two
/// subqueries were two thirds of the database's work per page). Triggers rather than code, so every path that writes
/// channels or tags is covered, bulk SQL included (imports, merges, classification, journeys, the bench's generator).
/// SQLite reads the lists by subquery, meets its export target that way, and has row triggers only: keeping the lists
/// there would cost one customer update per child row written. See ADR-053.</summary>
public static class CustomerListsSchema
{
    /// <summary>The shadow property and column of the joined channels: each as its primary flag (1/0), its kind (P, E
    /// or I) and its value, joined by <see cref="CustomerExportText.ListSeparator"/>.</summary>
    public const string Channels = "ChannelList";

    /// <summary>The shadow property and column of the joined tag names.</summary>
    public const string Tags = "TagList";

    private static readonly string[] PostgresTriggers =
        ["customer_lists_channels_ai", "customer_lists_channels_ad", "customer_lists_channels_au",
         "customer_lists_tags_ai", "customer_lists_tags_ad", "customer_lists_tags_au"];

    /// <summary>The export's list separator as a SQL expression.</summary>
    private static readonly string Separator = $"chr({(int)CustomerExportText.ListSeparator[0]})";

    /// <summary>Each customer's channels as the export reads them, from the child rows (a SQL expression on <c>c</c>); the
    /// kind letters are those <see cref="CustomerExportText"/> reads back.</summary>
    private static readonly string ChannelText = $"""
        COALESCE((SELECT string_agg(CASE WHEN ch."IsPrimary" THEN '1' ELSE '0' END
            || CASE ch."Kind" WHEN 'Phone' THEN 'P' WHEN 'Email' THEN 'E' ELSE 'I' END || ch."Value", {Separator})
          FROM "CustomerChannels" ch WHERE ch."CustomerId" = c."Id"), '')
        """;

    /// <summary>Each customer's tag names joined, from the child rows (a SQL expression on <c>c</c>).</summary>
    private static readonly string TagText = $"""
        COALESCE((SELECT string_agg(t."Name", {Separator}) FROM "CustomerTags" t WHERE t."CustomerId" = c."Id"), '')
        """;

    /// <summary>The version of the trigger function, kept as its comment: the start-up check replaces a function of an
    /// older version.</summary>
    private const string PostgresVersion = "rapport-customer-lists-3";

    /// <summary>Idempotent DDL of the function and the statement triggers. A statement's changed rows come as
    /// transition tables, so a bulk insert of a million tags updates each customer once, not once per tag, and only the
    /// list of the table written. The customers are locked (in id order) before their list is read: under READ COMMITTED
    /// the next statement then sees the committed work of a transaction that changed the same customer's children
    /// meanwhile, so two users adding tags to one customer at once both end up in the list. The lock is the one an
    /// update takes (<c>FOR NO KEY UPDATE</c>), which does not wait for the key-share lock that every insert of a child
    /// row holds on its customer: with <c>FOR UPDATE</c>, two transactions inserting children of one customer could each
    /// wait for the other's key-share lock, a deadlock. A change of children only
    /// (no customer column) fires no other trigger of the customers' table: theirs list their columns.</summary>
    public static readonly string PostgresDdl = $"""
        CREATE OR REPLACE FUNCTION customer_lists_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE ids uuid[];
        BEGIN
          IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT "CustomerId" FROM new_rows);
          ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT "CustomerId" FROM old_rows);
          ELSE ids := ARRAY(SELECT "CustomerId" FROM new_rows UNION SELECT "CustomerId" FROM old_rows);
          END IF;
          IF cardinality(ids) = 0 THEN RETURN NULL; END IF;
          PERFORM 1 FROM "Customers" WHERE "Id" = ANY(ids) ORDER BY "Id" FOR NO KEY UPDATE;
          IF TG_TABLE_NAME = 'CustomerChannels' THEN
            UPDATE "Customers" c SET "ChannelList" = {ChannelText} WHERE c."Id" = ANY(ids);
          ELSE
            UPDATE "Customers" c SET "TagList" = {TagText} WHERE c."Id" = ANY(ids);
          END IF;
          RETURN NULL;
        END $$;
        COMMENT ON FUNCTION customer_lists_changed() IS '{PostgresVersion}';

        {string.Concat(new[] { ("channels", "CustomerChannels"), ("tags", "CustomerTags") }.Select(t => $"""
        CREATE OR REPLACE TRIGGER customer_lists_{t.Item1}_ai AFTER INSERT ON "{t.Item2}"
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_lists_changed();
        CREATE OR REPLACE TRIGGER customer_lists_{t.Item1}_ad AFTER DELETE ON "{t.Item2}"
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_lists_changed();
        CREATE OR REPLACE TRIGGER customer_lists_{t.Item1}_au AFTER UPDATE ON "{t.Item2}"
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_lists_changed();

        """))}
        """;

    public const string PostgresDropDdl = """
        DROP TRIGGER IF EXISTS customer_lists_channels_ai ON "CustomerChannels"; DROP TRIGGER IF EXISTS customer_lists_channels_ad ON "CustomerChannels";
        DROP TRIGGER IF EXISTS customer_lists_channels_au ON "CustomerChannels"; DROP TRIGGER IF EXISTS customer_lists_tags_ai ON "CustomerTags";
        DROP TRIGGER IF EXISTS customer_lists_tags_ad ON "CustomerTags"; DROP TRIGGER IF EXISTS customer_lists_tags_au ON "CustomerTags";
        DROP FUNCTION IF EXISTS customer_lists_changed();

        """;

    /// <summary>Every customer's lists read again from the child tables (the migration's fill, and the repair). The two
    /// child tables are locked against writes meanwhile (run it in a transaction), so no trigger writes a list this is
    /// replacing.</summary>
    public static readonly string PostgresRebuild = $"""
        LOCK TABLE "CustomerChannels", "CustomerTags" IN SHARE MODE;
        UPDATE "Customers" c SET "ChannelList" = {ChannelText}, "TagList" = {TagText};

        """;

    /// <summary>Re-creates the triggers and fills the lists again if a trigger is missing, and replaces a trigger
    /// function of an older version (it keeps the same lists, so nothing is filled again). PostgreSQL only: SQLite keeps
    /// no lists. Run after every migrate.</summary>
    public static async Task EnsureAsync(RapportDbContext db, CancellationToken ct)
    {
        if (!db.IsPostgres) return;
        var found = await db.Database.SqlQuery<long>(
                $"SELECT COUNT(*) AS \"Value\" FROM pg_trigger WHERE tgname = ANY({PostgresTriggers}) AND NOT tgisinternal")
            .SingleAsync(ct);
        if (found == PostgresTriggers.Length && await CurrentAsync(db, ct)) return;
        await ReplaceAsync(db, fill: found < PostgresTriggers.Length, ct);
    }

    /// <summary>Creates the triggers if missing and reads every customer's lists again from the child tables, in one
    /// transaction: the operator's <c>rapport customers rebuild-lists</c> (after a restore of some tables, a hand edit,
    /// or to check). Returns how many customers' lists were written, or null on SQLite, which keeps no lists.</summary>
    public static async Task<long?> RebuildAsync(RapportDbContext db, CancellationToken ct) =>
        db.IsPostgres ? await ReplaceAsync(db, fill: true, ct) : null;

    /// <summary>The function and triggers replaced and, if <paramref name="fill"/>, every list read again; one instance
    /// at a time (several starting together would replace the function concurrently). Returns the customers filled.</summary>
    private static async Task<long> ReplaceAsync(RapportDbContext db, bool fill, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7131047)", ct);
        await db.Database.ExecuteSqlRawAsync(PostgresDdl, ct);
        var filled = fill ? await db.Database.ExecuteSqlRawAsync(PostgresRebuild, ct) : 0;
        await tx.CommitAsync(ct);
        return filled;
    }

    /// <summary>Whether the trigger function on the search path is of this version.</summary>
    private static async Task<bool> CurrentAsync(RapportDbContext db, CancellationToken ct) =>
        await db.Database.SqlQuery<long>(
                $"SELECT COUNT(*) AS \"Value\" FROM pg_proc WHERE oid = to_regprocedure('customer_lists_changed()') AND obj_description(oid, 'pg_proc') = {PostgresVersion}")
            .SingleAsync(ct) > 0;
}
