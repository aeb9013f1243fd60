using System.Linq.Expressions;
using Rapport.Core.Customers;
using Rapport.Core.Marketing.Classification;
using Rapport.Core.Sales;

namespace Rapport.Core.Marketing.Segments;

/// <summary>Compiles a <see cref="SegmentRule"/> tree to one LINQ predicate over customers: related tables become
/// EXISTS (or a correlated COUNT/SUM) subqueries, values are parameters, and only the whitelisted fields and operators
/// below are accepted — anything else is a <see cref="RapportValidationException"/> naming the node
/// (<c>rule.rules[1].field</c>). The predicate runs through the DbContext, so record scope and soft delete apply.</summary>
public sealed class SegmentRuleCompiler(RapportDbContext? db, DateTime now, string companyCurrency)
{
    /// <summary>Each field and the operators it accepts.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Fields = new Dictionary<string, IReadOnlyList<string>>
    {
        ["kind"] = ["eq", "ne", "in"],
        ["tier"] = ["eq", "ne", "in"],
        ["stage"] = ["eq", "ne", "in"],
        ["behaviour"] = ["eq", "ne", "in"],
        ["industry"] = ["eq", "ne", "in", "empty", "notEmpty"],
        ["source"] = ["eq", "ne", "in", "empty", "notEmpty"],
        ["owner"] = ["eq", "ne", "in", "empty"],
        ["country"] = ["eq", "in"],
        ["city"] = ["eq", "in"],
        ["createdAt"] = ["before", "after", "withinDays"],
        ["tag"] = ["has", "hasNot"],
        ["interactions"] = ["withinDays", "notWithinDays"],
        ["orders"] = ["withinDays", "notWithinDays"],
        ["orderTotal"] = ["gte", "lte"],
        ["dealsWon"] = ["gte", "lte"],
        ["dealsLost"] = ["gte", "lte"],
    };

    /// <summary>The errors of a rule tree (fields, operators, values, shape), without a database.</summary>
    public static IReadOnlyList<FieldError> Check(SegmentRule? rule, string path = "rule")
    {
        var errors = new List<FieldError>();
        var conditions = 0;
        new SegmentRuleCompiler(null, DateTime.UnixEpoch, "CNY").Build(rule, path, 1, errors, ref conditions);
        return errors;
    }

    /// <summary>The predicate of <paramref name="rule"/>; throws a 400 naming the first bad node.</summary>
    public Expression<Func<Customer, bool>> Compile(SegmentRule? rule, string path = "rule")
    {
        var errors = new List<FieldError>();
        var conditions = 0;
        var predicate = Build(rule, path, 1, errors, ref conditions);
        if (errors.Count > 0 || predicate is null) throw new RapportValidationException(errors.Count > 0 ? errors : [new(path, "Validation.Required")]);
        return predicate;
    }

    private Expression<Func<Customer, bool>>? Build(SegmentRule? rule, string path, int depth, List<FieldError> errors, ref int conditions)
    {
        if (rule is null)
        {
            errors.Add(new(path, "Validation.Required"));
            return null;
        }
        if (depth > SegmentRule.MaxDepth)
        {
            errors.Add(new(path, "Segment.TooDeep", SegmentRule.MaxDepth));
            return null;
        }
        if (!rule.IsGroup) return ++conditions > SegmentRule.MaxConditions ? TooMany(path, errors) : Condition(rule, path, errors);
        var any = rule.Match switch
        {
            null or "all" => false,
            "any" => true,
            _ => (bool?)null,
        };
        if (any is null)
        {
            errors.Add(new(path + ".match", "Segment.UnknownMatch", rule.Match ?? ""));
            return null;
        }
        Expression<Func<Customer, bool>>? result = null;
        for (var i = 0; i < rule.Rules!.Count; i++)
        {
            var part = Build(rule.Rules[i], $"{path}.rules[{i}]", depth + 1, errors, ref conditions);
            if (part is null) continue;
            result = result is null ? part : Combine(result, part, any.Value);
        }
        // An empty "all" is everyone; an empty "any" is no one.
        return result ?? (any.Value ? c => false : c => true);
    }

    private static Expression<Func<Customer, bool>>? TooMany(string path, List<FieldError> errors)
    {
        errors.Add(new(path, "Segment.TooManyConditions", SegmentRule.MaxConditions));
        return null;
    }

    private Expression<Func<Customer, bool>>? Condition(SegmentRule rule, string path, List<FieldError> errors)
    {
        if (rule.Field is null || !Fields.TryGetValue(rule.Field, out var ops))
        {
            errors.Add(new(path + ".field", "Segment.UnknownField", rule.Field ?? ""));
            return null;
        }
        if (rule.Op is null || !ops.Contains(rule.Op))
        {
            errors.Add(new(path + ".op", "Segment.UnknownOperator", rule.Op ?? "", rule.Field));
            return null;
        }
        var value = new ValueReader(rule, path, errors);
        var negate = rule.Op is "ne" or "hasNot" or "notWithinDays";
        var result = rule.Field switch
        {
            "kind" => IsIn(c => c.Kind, value.Enums<CustomerKind>(), negate),
            "tier" => IsIn(c => c.Tier, value.Enums<ValueTier>(), negate),
            "stage" => IsIn(c => c.Stage, value.Enums<LifecycleStage>(), negate),
            "behaviour" => Behaviour(value.Enums<CustomerBehaviour>(), negate),
            "industry" => Text(c => c.Industry, rule.Op, value),
            "source" => Text(c => c.Source, rule.Op, value),
            "owner" => rule.Op == "empty" ? c => c.OwnerId == null : IsIn(c => c.OwnerId, value.Guids().Select(g => (Guid?)g).ToList(), negate),
            "country" => Country(value.Texts()),
            "city" => City(value.Texts()),
            "createdAt" => CreatedAt(rule.Op, value),
            "tag" => Tag(value.Text(), negate),
            "interactions" => Interactions(value.Days(), negate),
            "orders" => Orders(value.Days(), negate),
            "orderTotal" => OrderTotal(value.Amount(companyCurrency), rule.Op == "gte"),
            "dealsWon" => Deals(StageKind.Won, value.Count(), rule.Op == "gte"),
            "dealsLost" => Deals(StageKind.Lost, value.Count(), rule.Op == "gte"),
            _ => null,
        };
        return value.Failed ? null : result;
    }

    private Expression<Func<Customer, bool>> Behaviour(List<CustomerBehaviour> values, bool negate)
    {
        var classifications = db?.CustomerClassifications;
        return negate
            ? c => !classifications!.Any(k => k.CustomerId == c.Id && values.Contains(k.Behaviour))
            : c => classifications!.Any(k => k.CustomerId == c.Id && values.Contains(k.Behaviour));
    }

    private static Expression<Func<Customer, bool>>? Text(Expression<Func<Customer, string?>> member, string op, ValueReader value) => op switch
    {
        "empty" => Lambda(Expression.Equal(member.Body, Expression.Constant(null, typeof(string))), member),
        "notEmpty" => Lambda(Expression.NotEqual(member.Body, Expression.Constant(null, typeof(string))), member),
        _ => IsIn(member, value.Texts().Cast<string?>().ToList(), op == "ne"),
    };

    private static Expression<Func<Customer, bool>> Country(List<string> values) => c => c.Addresses.Any(a => values.Contains(a.Country));

    private static Expression<Func<Customer, bool>> City(List<string> values) => c => c.Addresses.Any(a => a.City != null && values.Contains(a.City));

    private Expression<Func<Customer, bool>>? CreatedAt(string op, ValueReader value)
    {
        if (op == "withinDays")
        {
            var since = now.AddDays(-value.Days());
            return c => c.CreatedAt >= since;
        }
        var day = value.Date();
        if (op == "before") return c => c.CreatedAt < day;
        var after = day.AddDays(1);
        return c => c.CreatedAt >= after;
    }

    private Expression<Func<Customer, bool>> Tag(string tag, bool negate)
    {
        var tags = db?.CustomerTags;
        return negate ? c => !tags!.Any(t => t.CustomerId == c.Id && t.Name == tag) : c => tags!.Any(t => t.CustomerId == c.Id && t.Name == tag);
    }

    private Expression<Func<Customer, bool>> Interactions(int days, bool negate)
    {
        var since = now.AddDays(-days);
        var interactions = db?.Interactions;
        return negate
            ? c => !interactions!.Any(i => i.CustomerId == c.Id && i.OccurredAt >= since)
            : c => interactions!.Any(i => i.CustomerId == c.Id && i.OccurredAt >= since);
    }

    private Expression<Func<Customer, bool>> Orders(int days, bool negate)
    {
        var since = now.AddDays(-days);
        var orders = db?.Orders;
        return negate
            ? c => !orders!.Any(o => o.CustomerId == c.Id && o.Status != OrderStatus.Cancelled && o.CreatedAt >= since)
            : c => orders!.Any(o => o.CustomerId == c.Id && o.Status != OrderStatus.Cancelled && o.CreatedAt >= since);
    }

    private Expression<Func<Customer, bool>> OrderTotal(long minor, bool atLeast)
    {
        var (orders, currency) = (db?.Orders, companyCurrency);
        return atLeast
            ? c => (orders!.Where(o => o.CustomerId == c.Id && o.Status != OrderStatus.Cancelled && o.Currency == currency).Sum(o => (long?)o.TotalMinor) ?? 0) >= minor
            : c => (orders!.Where(o => o.CustomerId == c.Id && o.Status != OrderStatus.Cancelled && o.Currency == currency).Sum(o => (long?)o.TotalMinor) ?? 0) <= minor;
    }

    private Expression<Func<Customer, bool>> Deals(StageKind kind, int count, bool atLeast)
    {
        var (deals, stages) = (db?.Opportunities, db?.PipelineStages);
        return atLeast
            ? c => deals!.Count(o => o.CustomerId == c.Id && stages!.Any(s => s.Id == o.StageId && s.Kind == kind)) >= count
            : c => deals!.Count(o => o.CustomerId == c.Id && stages!.Any(s => s.Id == o.StageId && s.Kind == kind)) <= count;
    }

    /// <summary><c>values.Contains(member)</c> (negated for ne), the list a closure so EF sends it as a parameter.</summary>
    private static Expression<Func<Customer, bool>> IsIn<T>(Expression<Func<Customer, T>> member, List<T> values, bool negate)
    {
        Expression<Func<List<T>>> list = () => values;
        Expression body = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(T)], list.Body, member.Body);
        return Lambda(negate ? Expression.Not(body) : body, member);
    }

    private static Expression<Func<Customer, bool>> Lambda<T>(Expression body, Expression<Func<Customer, T>> member) =>
        Expression.Lambda<Func<Customer, bool>>(body, member.Parameters[0]);

    private static Expression<Func<Customer, bool>> Combine(Expression<Func<Customer, bool>> a, Expression<Func<Customer, bool>> b, bool any)
    {
        var p = a.Parameters[0];
        var right = new Rebind(b.Parameters[0], p).Visit(b.Body);
        return Expression.Lambda<Func<Customer, bool>>(any ? Expression.OrElse(a.Body, right) : Expression.AndAlso(a.Body, right), p);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>Reads a condition's value(s), noting a bad one against <c>{path}.value</c>.</summary>
    private sealed class ValueReader(SegmentRule rule, string path, List<FieldError> errors)
    {
        public const int MaxValues = 200, MaxDays = 36_500;

        public bool Failed { get; private set; }

        private IReadOnlyList<string> Raw()
        {
            var raw = rule.Values is { Count: > 0 } ? rule.Values : rule.Value is null ? [] : [rule.Value];
            if (raw.Count == 0 || raw.Count > MaxValues || (rule.Op != "in" && raw.Count > 1) || raw.Any(string.IsNullOrWhiteSpace)) Fail();
            return raw;
        }

        private void Fail()
        {
            if (!Failed) errors.Add(new(path + ".value", "Segment.BadValue", rule.Field ?? ""));
            Failed = true;
        }

        public List<T> Enums<T>() where T : struct, Enum
        {
            var list = new List<T>();
            foreach (var s in Raw())
                if (Enum.TryParse<T>(s, ignoreCase: true, out var v) && Enum.IsDefined(v) && !s.Any(char.IsDigit)) list.Add(v);
                else Fail();
            return list;
        }

        public List<Guid> Guids()
        {
            var list = new List<Guid>();
            foreach (var s in Raw())
                if (Guid.TryParse(s, out var g)) list.Add(g);
                else Fail();
            return list;
        }

        public List<string> Texts()
        {
            var list = Raw().Select(s => s.Trim()).ToList();
            if (list.Any(s => s.Length > 200)) Fail();
            return list;
        }

        public string Text() => Texts().FirstOrDefault() ?? "";

        public int Days() => Int(1, MaxDays);

        public int Count() => Int(0, 1_000_000);

        private int Int(int min, int max)
        {
            var raw = Raw();
            var s = raw.Count > 0 ? raw[0] : null;
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            Fail();
            return min;
        }

        public long Amount(string currency)
        {
            var raw = Raw();
            var s = raw.Count > 0 ? raw[0] : null;
            if (decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d >= 0 && d < 1_000_000_000_000m)
                return Currency.ToMinor(d, currency);
            Fail();
            return 0;
        }

        public DateTime Date()
        {
            var raw = Raw();
            var s = raw.Count > 0 ? raw[0] : null;
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            Fail();
            return DateTime.UnixEpoch;
        }
    }
}
