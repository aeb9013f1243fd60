using System.Data.Common;
using System.Diagnostics;
using Rapport.Core.Customers;
using Rapport.Core.Marketing.Segments;
using Rapport.Core.Sales;

namespace Rapport.Core.Marketing.Classification;

/// <summary>Classification that computes itself: RFM figures and scores → value tier, behaviour, lifecycle stage by
/// rules, rule-based tags — recomputed set-based for every customer (nightly, or on demand), each change kept as a
/// history row; and a user's overrides, which stick until cleared.</summary>
public sealed class ClassificationService(RapportDbContext db, ICurrentUser user, SettingsService settings, TimeProvider clock)
{
    /// <summary>Recomputes every customer's classification. <paramref name="byUser"/>: the run was asked for by the
    /// caller (else it is the nightly job's, and the history names no one).</summary>
    public async Task<ClassificationRunDto> RecomputeAsync(bool byUser, CancellationToken ct)
    {
        if (byUser) user.Require(Permissions.ClassificationManage);
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var rules = await settings.GetAsync<ClassificationSettings>(ct);
        var currency = (await settings.GetAsync<SalesSettings>(ct)).DefaultCurrency;
        var by = byUser ? user.Id : null;
        var sql = db.Database;
        sql.SetCommandTimeout(TimeSpan.FromMinutes(30));

        var customers = await sql.ExecuteSqlRawAsync(ClassificationSql.Figures, [now.AddMonths(-rules.WindowMonths), currency], ct);
        if (rules.Scoring == ClassificationSettings.Thresholds)
        {
            var d = (rules.RecencyDays ?? ClassificationSettings.Defaults.RecencyDays!).Select(n => (object)now.AddDays(-n));
            var f = (rules.FrequencyCounts ?? ClassificationSettings.Defaults.FrequencyCounts!).Select(n => (object)n);
            var m = (rules.MonetaryAmounts ?? ClassificationSettings.Defaults.MonetaryAmounts!).Select(a => (object)Currency.ToMinor(a, currency));
            await sql.ExecuteSqlRawAsync(ClassificationSql.Thresholds, [.. d, .. f, .. m], ct);
        }
        else await sql.ExecuteSqlRawAsync(ClassificationSql.Quintiles, ct);
        await sql.ExecuteSqlRawAsync(ClassificationSql.Computed,
            [rules.HighScore, rules.MediumScore, now.AddDays(-rules.ActiveDays), now.AddDays(-rules.ChurnedDays), now], ct);
        // Each apply inserts a history row and updates one value per change: half its rows are changes.
        var touched = await ApplyAsync(ClassificationSql.ApplyCustomerField("Tier", By(by)), now, by, ct);
        touched += await ApplyAsync(ClassificationSql.ApplyBehaviour(By(by)), now, by, ct);

        // Stage rules read the tier and behaviour just applied; the first rule a customer matches gives the stage. The
        // matches are collected first and the computed stage written once, where it changes (a steady night writes none).
        var compiler = new SegmentRuleCompiler(db, now, currency);
        await sql.OpenConnectionAsync(ct);
        try
        {
            await sql.ExecuteSqlRawAsync(ClassificationSql.CreateStages(db.IsPostgres), ct);
            var order = 0;
            foreach (var rule in rules.StageRules ?? [])
            {
                var rank = order++;
                await InsertSelectAsync(Everyone().Where(compiler.Compile(rule.Rule)).Select(c => c.Id),
                    (ids, stage) => ClassificationSql.InsertStages(ids, stage, rank), rule.Stage.ToString(), ct);
            }
            await sql.ExecuteSqlRawAsync(ClassificationSql.ApplyStages, [now], ct);
            await sql.ExecuteSqlRawAsync(ClassificationSql.DropStages(db.IsPostgres), ct);
        }
        finally { await sql.CloseConnectionAsync(); }
        touched += await ApplyAsync(ClassificationSql.ApplyCustomerField("Stage", By(by)), now, by, ct);

        foreach (var rule in rules.TagRules ?? []) await ApplyTagRuleAsync(rule.Tag.Trim(), compiler.Compile(rule.Rule), ct);
        return new ClassificationRunDto(customers, touched / 2, watch.ElapsedMilliseconds);
    }

    private static string By(Guid? by) => by is null ? "NULL" : "{1}";

    private Task<int> ApplyAsync(string statement, DateTime now, Guid? by, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(statement, by is null ? [now] : [now, by.Value], ct);

    /// <summary>Customers not deleted, whoever owns them: the job classifies every customer except those whose
    /// processing is restricted (a subject request), whose stage and automatic tags stay as they were.</summary>
    private IQueryable<Customer> Everyone() => db.Customers.IgnoreQueryFilters([QueryFilters.Scope]).Where(c => !c.ProcessingRestricted);

    /// <summary>One DELETE of the tag where the rule no longer holds, one INSERT … SELECT where it newly does.</summary>
    private async Task ApplyTagRuleAsync(string tag, System.Linq.Expressions.Expression<Func<Customer, bool>> rule, CancellationToken ct)
    {
        var matching = Everyone().Where(rule);
        var restricted = db.Customers.IgnoreQueryFilters().Where(c => c.ProcessingRestricted);
        await db.CustomerTags.Where(t => t.Name == tag && !matching.Any(c => c.Id == t.CustomerId) && !restricted.Any(c => c.Id == t.CustomerId))
            .ExecuteDeleteAsync(ct);
        var tags = db.CustomerTags;
        var missing = matching.Where(c => !tags.Any(t => t.CustomerId == c.Id && t.Name == tag)).Select(c => c.Id);
        await InsertSelectAsync(missing, ClassificationSql.InsertTags, tag, ct);
    }

    /// <summary>Runs an INSERT … SELECT over the customer ids <paramref name="ids"/> returns: <paramref name="wrap"/>
    /// turns the query's SQL and the name of a parameter holding <paramref name="value"/> into the statement.</summary>
    private async Task InsertSelectAsync(IQueryable<Guid> ids, Func<string, string, string> wrap, string value, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using DbCommand command = ids.CreateDbCommand();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@rapport_value";
            parameter.Value = value;
            command.Parameters.Add(parameter);
            command.CommandText = wrap(command.CommandText, parameter.ParameterName);
            command.CommandTimeout = 1800;
            await command.ExecuteNonQueryAsync(ct);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>A customer's classification, for readers of the customer (in scope).</summary>
    public async Task<CustomerClassificationDto> GetAsync(Guid customerId, CancellationToken ct)
    {
        var customer = await user.FindToReadAsync(db.Customers.AsNoTracking(), customerId, Permissions.CustomersRead, ct);
        var k = await db.CustomerClassifications.AsNoTracking().FirstOrDefaultAsync(x => x.CustomerId == customerId, ct);
        var currency = (await settings.GetAsync<SalesSettings>(ct)).DefaultCurrency;
        return new CustomerClassificationDto(customer.Id, customer.Tier, customer.Stage, k?.Behaviour, k?.TierOverride, k?.StageOverride,
            k?.BehaviourOverride, k?.RecencyScore ?? 0, k?.FrequencyScore ?? 0, k?.MonetaryScore ?? 0, k?.LastPurchaseAt, k?.Frequency ?? 0,
            Currency.FromMinor(k?.MonetaryMinor ?? 0, currency), currency, k?.ComputedAt);
    }

    /// <summary>Sets (or, with null, clears) the caller's overrides on a customer they may update; a set override
    /// changes the value at once and is kept as a manual history row.</summary>
    public async Task<CustomerClassificationDto> OverrideAsync(Guid customerId, ClassificationOverrideInput input, CancellationToken ct)
    {
        var customer = await user.FindToChangeAsync(db.Customers, customerId, Permissions.CustomersUpdate, null, ct);
        if (input is null) throw RapportValidationException.For("body", "Validation.Required");
        var k = await db.CustomerClassifications.FirstOrDefaultAsync(x => x.CustomerId == customerId, ct);
        if (k is null)
        {
            k = new CustomerClassification { CustomerId = customerId };
            db.CustomerClassifications.Add(k);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        void Note(string field, string? from, string? to)
        {
            if (from != to) db.ClassificationChanges.Add(new ClassificationChange { CustomerId = customerId, Field = field, From = from, To = to, At = now, ById = user.Id, Manual = true });
        }
        (k.TierOverride, k.StageOverride, k.BehaviourOverride) = (input.Tier, input.Stage, input.Behaviour);
        if (input.Tier is { } tier) { Note("tier", customer.Tier.ToString(), tier.ToString()); customer.Tier = tier; }
        if (input.Stage is { } stage) { Note("stage", customer.Stage.ToString(), stage.ToString()); customer.Stage = stage; }
        if (input.Behaviour is { } behaviour) { Note("behaviour", k.Behaviour.ToString(), behaviour.ToString()); k.Behaviour = behaviour; }
        await db.SaveChangesAsync(ct);
        return await GetAsync(customerId, ct);
    }

    /// <summary>A customer's classification changes, newest first (at most 200).</summary>
    public async Task<IReadOnlyList<ClassificationChangeDto>> HistoryAsync(Guid customerId, CancellationToken ct)
    {
        await user.FindToReadAsync(db.Customers.AsNoTracking(), customerId, Permissions.CustomersRead, ct);
        return await db.ClassificationChanges.AsNoTracking().Where(c => c.CustomerId == customerId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(200)
            .Select(c => new ClassificationChangeDto(c.Id, c.Field, c.From, c.To, c.At, c.ById,
                db.Users.Where(u => u.Id == c.ById).Select(u => u.DisplayName).FirstOrDefault(), c.Manual))
            .ToListAsync(ct);
    }
}
