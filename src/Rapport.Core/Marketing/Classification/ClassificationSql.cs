namespace Rapport.Core.Marketing.Classification;

/// <summary>The set-based statements of the nightly classification: each step is one INSERT … SELECT or UPDATE … FROM
/// over every customer, never a loop of entity loads. The text is the same on SQLite (3.33+: UPDATE … FROM, window
/// functions, ON CONFLICT; IS DISTINCT FROM needs 3.39) and PostgreSQL; where the two differ (GREATEST with NULLs, a NULL of a typed column) the
/// statement is spelled so both read it alike. Values are always parameters ({0}, {1}, …). A row whose values would not
/// change is not written: on PostgreSQL every UPDATE of a row is a new row version with its index entries, so a steady
/// night that rewrote every customer's figures and scores cost millions of row versions for nothing.</summary>
internal static class ClassificationSql
{
    private const string K = "\"CustomerClassifications\"";

    /// <summary>Rows of customers whose processing is not restricted (a subject request): the others keep their
    /// figures, scores and classification as they were, and do not count in anyone's ranking.</summary>
    private const string Processable = """ "CustomerId" NOT IN (SELECT "Id" FROM "Customers" WHERE "ProcessingRestricted") """;

    /// <summary>The later of two nullable values (GREATEST is not SQLite, and SQLite's MAX(a, b) is NULL with a NULL).</summary>
    private static string Later(string a, string b) => $"CASE WHEN {b} IS NULL OR {a} >= {b} THEN COALESCE({a}, {b}) ELSE {b} END";

    /// <summary>Figures per customer not deleted and not restricted (a subject request keeps them out of profiling):
    /// last purchase (order not cancelled), last activity (interaction,
    /// purchase or creation), orders and their total in the company currency in the window. Parameters: {0} window
    /// start, {1} company currency.</summary>
    public static readonly string Figures = $$"""
        INSERT INTO {{K}} ("CustomerId", "LastPurchaseAt", "LastActivityAt", "Frequency", "MonetaryMinor", "RecencyScore", "FrequencyScore", "MonetaryScore", "Behaviour")
        SELECT c."Id", o.last_at, {{Later(Later("o.last_at", "i.last_at"), "c.\"CreatedAt\"")}},
               COALESCE(o.n, 0), COALESCE(o.total, 0), 0, 0, 0, 'Potential'
        FROM "Customers" AS c
        LEFT JOIN (SELECT "CustomerId" AS customer_id, MAX("CreatedAt") AS last_at,
                          SUM(CASE WHEN "CreatedAt" >= {0} THEN 1 ELSE 0 END) AS n,
                          SUM(CASE WHEN "CreatedAt" >= {0} AND "Currency" = {1} THEN "TotalMinor" ELSE 0 END) AS total
                   FROM "Orders" WHERE "Status" <> 'Cancelled' GROUP BY "CustomerId") AS o ON o.customer_id = c."Id"
        LEFT JOIN (SELECT "CustomerId" AS customer_id, MAX("OccurredAt") AS last_at FROM "Interactions" GROUP BY "CustomerId") AS i
               ON i.customer_id = c."Id"
        WHERE c."DeletedAt" IS NULL AND NOT c."ProcessingRestricted"
        ON CONFLICT ("CustomerId") DO UPDATE SET "LastPurchaseAt" = excluded."LastPurchaseAt", "LastActivityAt" = excluded."LastActivityAt",
            "Frequency" = excluded."Frequency", "MonetaryMinor" = excluded."MonetaryMinor"
        WHERE {{K}}."LastPurchaseAt" IS DISTINCT FROM excluded."LastPurchaseAt" OR {{K}}."LastActivityAt" IS DISTINCT FROM excluded."LastActivityAt"
           OR {{K}}."Frequency" <> excluded."Frequency" OR {{K}}."MonetaryMinor" <> excluded."MonetaryMinor"
        """;

    /// <summary>Quintiles 1–5 among the customers who have bought (0 for the others), by rank so that equal figures
    /// score alike: 1 + (rank − 1) · 5 / count, which is NTILE(5) when the figures differ.</summary>
    public static readonly string Quintiles = $$"""
        UPDATE {{K}} SET "RecencyScore" = s.r, "FrequencyScore" = s.f, "MonetaryScore" = s.m
        FROM (SELECT "CustomerId" AS customer_id,
                     1 + (RANK() OVER (ORDER BY "LastPurchaseAt") - 1) * 5 / COUNT(*) OVER () AS r,
                     1 + (RANK() OVER (ORDER BY "Frequency") - 1) * 5 / COUNT(*) OVER () AS f,
                     1 + (RANK() OVER (ORDER BY "MonetaryMinor") - 1) * 5 / COUNT(*) OVER () AS m
              FROM {{K}} WHERE "LastPurchaseAt" IS NOT NULL AND {{Processable}}) AS s
        WHERE {{K}}."CustomerId" = s.customer_id
          AND ({{K}}."RecencyScore" <> s.r OR {{K}}."FrequencyScore" <> s.f OR {{K}}."MonetaryScore" <> s.m);
        UPDATE {{K}} SET "RecencyScore" = 0, "FrequencyScore" = 0, "MonetaryScore" = 0
        WHERE "LastPurchaseAt" IS NULL AND ("RecencyScore" <> 0 OR "FrequencyScore" <> 0 OR "MonetaryScore" <> 0) AND {{Processable}}
        """;

    /// <summary>Scores by the administrator's cut points: {0}–{3} purchase dates (most recent first), {4}–{7} order
    /// counts and {8}–{11} totals in minor units (ascending).</summary>
    public static readonly string Thresholds = $$"""
        UPDATE {{K}} SET
          "RecencyScore" = CASE WHEN "LastPurchaseAt" IS NULL THEN 0 WHEN "LastPurchaseAt" >= {0} THEN 5 WHEN "LastPurchaseAt" >= {1} THEN 4
                                WHEN "LastPurchaseAt" >= {2} THEN 3 WHEN "LastPurchaseAt" >= {3} THEN 2 ELSE 1 END,
          "FrequencyScore" = CASE WHEN "LastPurchaseAt" IS NULL THEN 0 WHEN "Frequency" >= {7} THEN 5 WHEN "Frequency" >= {6} THEN 4
                                  WHEN "Frequency" >= {5} THEN 3 WHEN "Frequency" >= {4} THEN 2 ELSE 1 END,
          "MonetaryScore" = CASE WHEN "LastPurchaseAt" IS NULL THEN 0 WHEN "MonetaryMinor" >= {11} THEN 5 WHEN "MonetaryMinor" >= {10} THEN 4
                                 WHEN "MonetaryMinor" >= {9} THEN 3 WHEN "MonetaryMinor" >= {8} THEN 2 ELSE 1 END
        WHERE {{Processable}}
        """;

    private const string TierCase = """
        CASE WHEN "RecencyScore" + "FrequencyScore" + "MonetaryScore" >= {0} THEN 'High'
             WHEN "RecencyScore" + "FrequencyScore" + "MonetaryScore" >= {1} THEN 'Medium' ELSE 'Low' END
        """;

    private const string BehaviourCase = """
        CASE WHEN "LastActivityAt" >= {2} AND "LastPurchaseAt" IS NOT NULL THEN 'Active'
             WHEN "LastActivityAt" >= {2} THEN 'Potential'
             WHEN "LastPurchaseAt" IS NOT NULL AND "LastActivityAt" < {3} THEN 'Churned' ELSE 'Dormant' END
        """;

    /// <summary>Tier from R+F+M ({0} high, {1} medium) and behaviour from activity ({2} active since, {3} churned
    /// since), written only where they change; {4} now, kept as the time the customer's computed values last changed.</summary>
    public static readonly string Computed = $$"""
        UPDATE {{K}} SET "ComputedTier" = {{TierCase}}, "ComputedBehaviour" = {{BehaviourCase}}, "ComputedAt" = {4}
        WHERE {{Processable}} AND ("ComputedTier" IS DISTINCT FROM {{TierCase}} OR "ComputedBehaviour" IS DISTINCT FROM {{BehaviourCase}})
        """;

    /// <summary>The stage rules' matches of one run, per connection: (customer, stage, rule order). Dropped first in
    /// case a pooled connection still holds one from a run that failed.</summary>
    public static string CreateStages(bool postgres) => $"""
        {DropStages(postgres)};
        CREATE TEMP TABLE rapport_stages AS SELECT "CustomerId", "ComputedStage" AS "Stage", 0 AS "Rule" FROM {K} WHERE 1 = 0
        """;

    /// <summary>Drops the temporary table, named in the temporary schema so that no table of the database could be meant.</summary>
    public static string DropStages(bool postgres) => $"DROP TABLE IF EXISTS {(postgres ? "pg_temp" : "temp")}.rapport_stages";

    /// <summary>Adds the customers <paramref name="selectIds"/> returns as matches of rule number <paramref name="rule"/>.</summary>
    public static string InsertStages(string selectIds, string stageParameter, int rule) =>
        $"INSERT INTO rapport_stages (\"CustomerId\", \"Stage\", \"Rule\") SELECT s.\"Id\", {stageParameter}, {rule} FROM ({selectIds}) AS s";

    /// <summary>Each customer's computed stage is the stage of the first rule it matches, none if it matches none;
    /// written only where it changes, with {0} now. One join of every classification row to its first match (a hash
    /// join on PostgreSQL; on SQLite an automatic index on the matches), not <c>NOT IN</c> over the matches, which
    /// PostgreSQL runs as a linear search per row once the matches outgrow <c>work_mem</c>.</summary>
    public static readonly string ApplyStages = $$"""
        UPDATE {{K}} SET "ComputedStage" = s.stage, "ComputedAt" = {0}
        FROM (SELECT k."CustomerId" AS customer_id, r."Stage" AS stage
              FROM {{K}} AS k
              LEFT JOIN (SELECT "CustomerId", "Stage", ROW_NUMBER() OVER (PARTITION BY "CustomerId" ORDER BY "Rule") AS n FROM rapport_stages) AS r
                     ON r."CustomerId" = k."CustomerId" AND r.n = 1
              WHERE k."CustomerId" NOT IN (SELECT "Id" FROM "Customers" WHERE "ProcessingRestricted")) AS s
        WHERE {{K}}."CustomerId" = s.customer_id AND {{K}}."ComputedStage" IS DISTINCT FROM s.stage
        """;

    /// <summary>History rows for every customer whose tier or stage (a column of Customers) the computation changes,
    /// then the change; a field with an override, or of a customer whose processing is restricted, is left alone. {0} now; <paramref name="by"/> is "NULL" or {1}.</summary>
    public static string ApplyCustomerField(string field, string by) => $$"""
        INSERT INTO "ClassificationChanges" ("CustomerId", "Field", "From", "To", "At", "ById", "Manual")
        SELECT k."CustomerId", '{{field.ToLowerInvariant()}}', c."{{field}}", k."Computed{{field}}", {0}, {{by}}, FALSE
        FROM {{K}} AS k JOIN "Customers" AS c ON c."Id" = k."CustomerId"
        WHERE k."{{field}}Override" IS NULL AND k."Computed{{field}}" IS NOT NULL AND c."{{field}}" <> k."Computed{{field}}"
          AND NOT c."ProcessingRestricted";
        UPDATE "Customers" SET "{{field}}" = k."Computed{{field}}" FROM {{K}} AS k
        WHERE k."CustomerId" = "Customers"."Id" AND k."{{field}}Override" IS NULL AND k."Computed{{field}}" IS NOT NULL
          AND "Customers"."{{field}}" <> k."Computed{{field}}" AND NOT "Customers"."ProcessingRestricted"
        """;

    /// <summary>The same for behaviour, which lives on the classification row.</summary>
    public static string ApplyBehaviour(string by) => $$"""
        INSERT INTO "ClassificationChanges" ("CustomerId", "Field", "From", "To", "At", "ById", "Manual")
        SELECT "CustomerId", 'behaviour', "Behaviour", "ComputedBehaviour", {0}, {{by}}, FALSE FROM {{K}}
        WHERE {{BehaviourChanges}};
        UPDATE {{K}} SET "Behaviour" = "ComputedBehaviour" WHERE {{BehaviourChanges}}
        """;

    private const string BehaviourChanges = $"""
        "BehaviourOverride" IS NULL AND "ComputedBehaviour" IS NOT NULL AND "Behaviour" <> "ComputedBehaviour" AND {Processable}
        """;

    /// <summary>Puts a tag on the customers <paramref name="selectIds"/> (a SELECT of customer ids) returns.</summary>
    public static string InsertTags(string selectIds, string tagParameter) =>
        $"INSERT INTO \"CustomerTags\" (\"CustomerId\", \"Name\") SELECT s.\"Id\", {tagParameter} FROM ({selectIds}) AS s";
}
