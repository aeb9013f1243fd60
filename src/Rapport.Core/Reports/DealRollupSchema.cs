namespace Rapport.Core.Reports;

/// <summary>The triggers that keep <see cref="DealRollup"/> in step with deals and customers on both databases, and its
/// rebuild. A deal counts while its customer is not in the recycle bin: inserting, changing (day, owner, stage,
/// currency, open or closed, amount, customer) or deleting a deal moves its count and amount from one rollup row to
/// another; moving a customer into or out of the recycle bin takes its deals out or puts them back; deleting a customer
/// deletes its deals first, so they leave the rollup while the customer's state can still be read (the foreign key's
/// cascade finds nothing left). Triggers rather than code, so bulk SQL (imports, the bench's generator,
/// <c>ExecuteUpdate</c>) is counted too. See ADR-045.</summary>
public static class DealRollupSchema
{
    private const string NoOwner = "'00000000-0000-0000-0000-000000000000'";
    private const string Key = "\"Grain\", \"Day\", \"OwnerKey\", \"StageId\", \"Currency\", \"Open\"";
    private const string Columns = Key + ", \"Count\", \"AmountMinor\"";
    private const string SqliteUpsert = "ON CONFLICT (" + Key + ") DO UPDATE SET \"Count\" = \"Count\" + excluded.\"Count\", \"AmountMinor\" = \"AmountMinor\" + excluded.\"AmountMinor\"";
    private const string PostgresUpsert = "ON CONFLICT (" + Key + ") DO UPDATE SET \"Count\" = \"DealRollups\".\"Count\" + EXCLUDED.\"Count\", "
        + "\"AmountMinor\" = \"DealRollups\".\"AmountMinor\" + EXCLUDED.\"AmountMinor\"";

    /// <summary>The names of the triggers (SQLite) that must exist; a migration that rebuilds a table drops them.</summary>
    private static readonly string[] SqliteTriggers = ["deal_rollup_ai", "deal_rollup_ad", "deal_rollup_au", "deal_rollup_customer_au", "deal_rollup_customer_bd"];

    private static readonly string[] PostgresTriggers = ["deal_rollup", "deal_rollup_customer", "deal_rollup_customer_gone"];

    /// <summary>The UTC day, or the first day of the UTC month, of a creation time (SQLite stores it as ISO text).</summary>
    private static string SqliteDay(string grain, string createdAt) =>
        grain == "Day" ? $"date({createdAt})" : $"date({createdAt}, 'start of month')";

    private static string PostgresDay(string grain, string createdAt) =>
        grain == "Day" ? $"({createdAt} AT TIME ZONE 'UTC')::date" : $"date_trunc('month', {createdAt} AT TIME ZONE 'UTC')::date";

    private static readonly string[] Grains = ["Day", "Month"];

    /// <summary>One deal's row (NEW or OLD) added (or, with <paramref name="sign"/> "-", taken away) at both grains, if its
    /// customer is not in the recycle bin.</summary>
    private static string SqliteAdd(string alias, string sign) => string.Concat(Grains.Select(grain => $"""
          INSERT INTO "DealRollups" ({Columns})
            SELECT '{grain}', {SqliteDay(grain, alias + ".\"CreatedAt\"")}, COALESCE({alias}."OwnerId", {NoOwner}), {alias}."StageId", {alias}."Currency",
                   {alias}."ClosedAt" IS NULL, {sign}1, {sign}{alias}."AmountMinor"
            WHERE EXISTS (SELECT 1 FROM "Customers" c WHERE c."Id" = {alias}."CustomerId" AND c."DeletedAt" IS NULL)
            {SqliteUpsert};

        """));

    /// <summary>A customer's deals at both grains, times <paramref name="sign"/> (1 or -1; a SQL expression).</summary>
    private static string AddCustomer(bool postgres, string customerId, string sign) => string.Concat(Grains.Select(grain => $"""
          INSERT INTO "DealRollups" ({Columns})
            SELECT '{grain}', {(postgres ? PostgresDay(grain, "o.\"CreatedAt\"") : SqliteDay(grain, "o.\"CreatedAt\""))}, COALESCE(o."OwnerId", {NoOwner}{(postgres ? "::uuid" : "")}),
                   o."StageId", o."Currency", o."ClosedAt" IS NULL, {sign} * COUNT(*), {(postgres ? $"({sign} * SUM(o.\"AmountMinor\"))::bigint" : $"{sign} * SUM(o.\"AmountMinor\")")}
            FROM "Opportunities" o WHERE o."CustomerId" = {customerId}
            GROUP BY 1, 2, 3, 4, 5, 6{(postgres ? " ORDER BY 1, 2, 3, 4, 5, 6" : "")}
            {(postgres ? PostgresUpsert : SqliteUpsert)};

        """));

    /// <summary>Idempotent DDL of the SQLite triggers.</summary>
    public static readonly string SqliteDdl = $"""
        CREATE TRIGGER IF NOT EXISTS deal_rollup_ai AFTER INSERT ON "Opportunities" BEGIN
        {SqliteAdd("NEW", "")}END;
        CREATE TRIGGER IF NOT EXISTS deal_rollup_ad AFTER DELETE ON "Opportunities" BEGIN
        {SqliteAdd("OLD", "-")}END;
        CREATE TRIGGER IF NOT EXISTS deal_rollup_au AFTER UPDATE OF "CreatedAt", "OwnerId", "StageId", "Currency", "ClosedAt", "AmountMinor", "CustomerId" ON "Opportunities" BEGIN
        {SqliteAdd("OLD", "-")}{SqliteAdd("NEW", "")}END;
        CREATE TRIGGER IF NOT EXISTS deal_rollup_customer_au AFTER UPDATE OF "DeletedAt" ON "Customers"
          WHEN (OLD."DeletedAt" IS NULL) <> (NEW."DeletedAt" IS NULL) BEGIN
        {AddCustomer(false, "NEW.\"Id\"", "(CASE WHEN NEW.\"DeletedAt\" IS NULL THEN 1 ELSE -1 END)")}END;
        CREATE TRIGGER IF NOT EXISTS deal_rollup_customer_bd BEFORE DELETE ON "Customers" BEGIN
          DELETE FROM "Opportunities" WHERE "CustomerId" = OLD."Id";
        END;

        """;

    public const string SqliteDropDdl = """
        DROP TRIGGER IF EXISTS deal_rollup_ai; DROP TRIGGER IF EXISTS deal_rollup_ad; DROP TRIGGER IF EXISTS deal_rollup_au;
        DROP TRIGGER IF EXISTS deal_rollup_customer_au; DROP TRIGGER IF EXISTS deal_rollup_customer_bd;

        """;

    /// <summary>One deal's row (NEW or OLD) at both grains, signed, if <paramref name="live"/> (its customer is not in the
    /// recycle bin): a SELECT to UNION with the others.</summary>
    private static string PostgresRows(string alias, string sign, string live) => string.Join("\n      UNION ALL ", Grains.Select(grain =>
        $"SELECT '{grain}', {PostgresDay(grain, alias + ".\"CreatedAt\"")}, COALESCE({alias}.\"OwnerId\", {NoOwner}::uuid), {alias}.\"StageId\", " +
        $"{alias}.\"Currency\", {alias}.\"ClosedAt\" IS NULL, {sign}1, {sign}{alias}.\"AmountMinor\" WHERE {live}"));

    /// <summary>The version of the PostgreSQL functions, kept as the deal function's comment: the start-up check
    /// re-creates functions and triggers of an older version (a database migrated before they changed).</summary>
    private const string PostgresVersion = "rapport-deal-rollup-3";

    /// <summary>The advisory lock of a customer's deals in the rollup: shared while a deal of the customer is counted,
    /// exclusive while the customer moves into or out of the recycle bin (a 64-bit hash of the id, in a key space of
    /// its own).</summary>
    private static string CustomerLock(string id) => $"hashtextextended({id}::text, 7131045)";

    /// <summary>Idempotent DDL of the PostgreSQL functions and triggers. A deal's trigger takes its customer's advisory
    /// lock shared, then reads whether the customer is live; the customer's trigger takes it exclusive, then adds up its
    /// deals. So a deal written while another transaction moves its customer into or out of the recycle bin waits for
    /// that transaction, or the move waits for the deal's, and the statement after the wait reads the other's committed
    /// work (READ COMMITTED takes a new snapshot per statement): neither can miss the other, in either direction. Only
    /// bin and restore wait on it; editing a customer does not (a row lock such as <c>FOR SHARE</c> would block every
    /// customer update and could deadlock a merge). The rows (old and new, day and month) are added up per rollup row
    /// and written in the order of their keys, so two users moving deals in opposite directions between the same
    /// stages lock the rows in the same order and do not deadlock; a change that nets out (a deal saved with no counted
    /// field changed) writes nothing. <c>CREATE OR REPLACE TRIGGER</c> (PostgreSQL 14+) takes no lock that blocks
    /// readers.</summary>
    public static readonly string PostgresDdl = $"""
        CREATE OR REPLACE FUNCTION deal_rollup_live(p_customer uuid) RETURNS boolean LANGUAGE plpgsql AS $$
        DECLARE live boolean;
        BEGIN
          PERFORM pg_advisory_xact_lock_shared({CustomerLock("p_customer")});
          SELECT TRUE INTO live FROM "Customers" c WHERE c."Id" = p_customer AND c."DeletedAt" IS NULL;
          RETURN COALESCE(live, FALSE);
        END $$;

        CREATE OR REPLACE FUNCTION deal_rollup_deal() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE old_live boolean := false; new_live boolean := false;
        BEGIN
          IF TG_OP <> 'INSERT' THEN old_live := deal_rollup_live(OLD."CustomerId"); END IF;
          IF TG_OP <> 'DELETE' THEN new_live := deal_rollup_live(NEW."CustomerId"); END IF;
          INSERT INTO "DealRollups" ({Columns})
          SELECT g, d, o, s, cur, op, SUM(n), SUM(a)
          FROM ({PostgresRows("OLD", "-", "old_live")}
                UNION ALL {PostgresRows("NEW", "", "new_live")}) AS x(g, d, o, s, cur, op, n, a)
          GROUP BY g, d, o, s, cur, op HAVING SUM(n) <> 0 OR SUM(a) <> 0
          ORDER BY g, d, o, s, cur, op
          {PostgresUpsert};
          RETURN NULL;
        END $$;
        COMMENT ON FUNCTION deal_rollup_deal() IS '{PostgresVersion}';
        DROP FUNCTION IF EXISTS deal_rollup_add(text, date, uuid, uuid, text, boolean, bigint, bigint);

        CREATE OR REPLACE FUNCTION deal_rollup_customer() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE k bigint := CASE WHEN NEW."DeletedAt" IS NULL THEN 1 ELSE -1 END;
        BEGIN
          PERFORM pg_advisory_xact_lock({CustomerLock("NEW.\"Id\"")});
        {AddCustomer(true, "NEW.\"Id\"", "k")}  RETURN NULL;
        END $$;

        CREATE OR REPLACE FUNCTION deal_rollup_customer_gone() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM "Opportunities" WHERE "CustomerId" = OLD."Id";
          RETURN OLD;
        END $$;

        CREATE OR REPLACE TRIGGER deal_rollup AFTER INSERT OR DELETE OR UPDATE OF "CreatedAt", "OwnerId", "StageId", "Currency", "ClosedAt", "AmountMinor", "CustomerId"
          ON "Opportunities" FOR EACH ROW EXECUTE FUNCTION deal_rollup_deal();
        CREATE OR REPLACE TRIGGER deal_rollup_customer AFTER UPDATE OF "DeletedAt" ON "Customers" FOR EACH ROW
          WHEN ((OLD."DeletedAt" IS NULL) <> (NEW."DeletedAt" IS NULL)) EXECUTE FUNCTION deal_rollup_customer();
        CREATE OR REPLACE TRIGGER deal_rollup_customer_gone BEFORE DELETE ON "Customers" FOR EACH ROW EXECUTE FUNCTION deal_rollup_customer_gone();

        """;

    public const string PostgresDropDdl = """
        DROP TRIGGER IF EXISTS deal_rollup ON "Opportunities";
        DROP TRIGGER IF EXISTS deal_rollup_customer ON "Customers";
        DROP TRIGGER IF EXISTS deal_rollup_customer_gone ON "Customers";
        DROP FUNCTION IF EXISTS deal_rollup_deal(); DROP FUNCTION IF EXISTS deal_rollup_customer();
        DROP FUNCTION IF EXISTS deal_rollup_customer_gone(); DROP FUNCTION IF EXISTS deal_rollup_add(text, date, uuid, uuid, text, boolean, bigint, bigint);
        DROP FUNCTION IF EXISTS deal_rollup_live(uuid);

        """;

    /// <summary>Empties the rollup and adds up every deal of a customer not in the recycle bin again, at both grains. On
    /// PostgreSQL the two tables it reads are locked against writes meanwhile (run it in a transaction), so no trigger
    /// adds to rows the rebuild is replacing, and the rollup is truncated, not deleted from: its file and indexes start
    /// afresh, without the row versions of earlier updates (after a bulk load of deals, most of its size); readers of
    /// the rollup wait for the rebuild. SQLite has one writer anyway.</summary>
    public static string Rebuild(bool postgres) =>
        (postgres ? "LOCK TABLE \"Opportunities\", \"Customers\" IN SHARE MODE;\nTRUNCATE \"DealRollups\";\n" : "DELETE FROM \"DealRollups\";\n")
        + string.Concat(Grains.Select(grain => $"""
            INSERT INTO "DealRollups" ({Columns})
              SELECT '{grain}', {(postgres ? PostgresDay(grain, "o.\"CreatedAt\"") : SqliteDay(grain, "o.\"CreatedAt\""))}, COALESCE(o."OwnerId", {NoOwner}{(postgres ? "::uuid" : "")}),
                     o."StageId", o."Currency", o."ClosedAt" IS NULL, COUNT(*), SUM(o."AmountMinor")
              FROM "Opportunities" o JOIN "Customers" c ON c."Id" = o."CustomerId"
              WHERE c."DeletedAt" IS NULL
              GROUP BY 1, 2, 3, 4, 5, 6;

            """));

    /// <summary>The DDL of <paramref name="postgres"/>'s triggers (for a migration).</summary>
    public static string Ddl(bool postgres) => postgres ? PostgresDdl : SqliteDdl;

    /// <summary>Re-creates missing triggers (a later SQLite migration that rebuilds the deals' or customers' table drops
    /// them) and, if any were missing, rebuilds the rollup; on PostgreSQL, replaces functions of an older version (they
    /// count alike, so no rebuild). Run after every migrate.</summary>
    public static async Task EnsureAsync(RapportDbContext db, CancellationToken ct)
    {
        var pg = db.IsPostgres;
        var names = pg ? PostgresTriggers : SqliteTriggers;
        var list = string.Join(", ", names.Select(n => $"'{n}'"));
        var found = await db.Database.SqlQueryRaw<long>(pg
                ? $"SELECT COUNT(*) AS \"Value\" FROM pg_trigger WHERE tgname IN ({list}) AND NOT tgisinternal AND tgrelid IN ('\"Opportunities\"'::regclass, '\"Customers\"'::regclass)"
                : $"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name IN ({list})")
            .SingleAsync(ct);
        if (found < names.Length) await RebuildAsync(db, ct);
        else if (pg && !await PostgresCurrentAsync(db, ct))
        {
            // One instance at a time (several starting together would replace the functions concurrently).
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7131046)", ct);
            if (!await PostgresCurrentAsync(db, ct)) await db.Database.ExecuteSqlRawAsync(PostgresDdl, ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>Whether the deal function on the search path is of this version.</summary>
    private static async Task<bool> PostgresCurrentAsync(RapportDbContext db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<long>(
                $"SELECT COUNT(*) AS \"Value\" FROM pg_proc WHERE oid = to_regprocedure('deal_rollup_deal()') AND obj_description(oid, 'pg_proc') = '{PostgresVersion}'")
            .SingleAsync(ct) > 0;

    /// <summary>Creates the triggers if missing and rebuilds the rollup from the deals, in one transaction: the operator's
    /// <c>rapport reports rebuild-rollup</c>, and the repair after a migration dropped a trigger.</summary>
    public static async Task<long> RebuildAsync(RapportDbContext db, CancellationToken ct)
    {
        var pg = db.IsPostgres;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(Ddl(pg), ct);
        await db.Database.ExecuteSqlRawAsync(Rebuild(pg), ct);
        await tx.CommitAsync(ct);
        return await db.Set<DealRollup>().IgnoreQueryFilters().LongCountAsync(ct);
    }
}
