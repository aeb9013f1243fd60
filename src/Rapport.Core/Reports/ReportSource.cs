using System.Linq.Expressions;

namespace Rapport.Core.Reports;

public enum DimensionKind { Text, Enum, Date, Number, Reference }

/// <summary>A field a report may group and filter by. <see cref="Selector"/> reads it from the source's row (given the
/// <see cref="ReportContext"/> for computed ones); <see cref="Sensitive"/> names the <see cref="Privacy.SensitiveFields"/>
/// entry that masks it; <see cref="Labels"/> turns referenced ids into names.</summary>
public sealed record ReportDimension(string Field, DimensionKind Kind, Func<ReportContext, LambdaExpression> Selector)
{
    public string LabelKey => "Report.Field." + Field;
    public string? Sensitive { get; init; }
    public ReportLabels.Lookup? Labels { get; init; }
}

/// <summary>A numeric field a report may aggregate; <see cref="Money"/> fields are minor units in the source's currency.</summary>
public sealed record ReportMeasureField(string Field, Func<ReportContext, LambdaExpression> Selector, bool Money = false)
{
    public string LabelKey => "Report.Field." + Field;
}

/// <summary>A data source reports may query: its root query (through the DbContext, so record scope and soft delete
/// apply), the permission to read it, and its whitelisted dimensions and measures. See <see cref="ReportSources"/>.</summary>
public abstract class ReportSource(string name, string permission)
{
    public string Name { get; } = name;
    public string LabelKey => "Report.Source." + Name;
    /// <summary>The permission a reader needs (besides <c>reports.read</c>).</summary>
    public string Permission { get; } = permission;
    public abstract Type RowType { get; }
    public IReadOnlyList<ReportDimension> Dimensions => _dimensions;
    public IReadOnlyList<ReportMeasureField> Measures => _measures;
    /// <summary>The row's ISO currency, when the source has money measures.</summary>
    public LambdaExpression? Currency { get; protected set; }

    private protected readonly List<ReportDimension> _dimensions = [];
    private protected readonly List<ReportMeasureField> _measures = [];

    public ReportDimension? Dimension(string field) => _dimensions.FirstOrDefault(d => d.Field == field);
    public ReportMeasureField? Measure(string field) => _measures.FirstOrDefault(m => m.Field == field);

    internal abstract IQueryable Root(RapportDbContext db);
}

/// <summary>A source over entity <typeparamref name="T"/>: declare it in a few lines with the builder methods.</summary>
public sealed class ReportSource<T>(string name, string permission, Func<RapportDbContext, IQueryable<T>> root)
    : ReportSource(name, permission) where T : class
{
    public override Type RowType => typeof(T);

    internal override IQueryable Root(RapportDbContext db) => root(db).AsNoTracking();

    /// <summary>A stored field: its kind follows from its type (enum, date, number, text; a Guid needs <paramref name="labels"/>).</summary>
    public ReportSource<T> Field<TField>(string field, Expression<Func<T, TField>> selector, ReportLabels.Lookup? labels = null, string? sensitive = null)
    {
        _dimensions.Add(new ReportDimension(field, KindOf(typeof(TField), labels), _ => selector) { Labels = labels, Sensitive = sensitive });
        return this;
    }

    /// <summary>A field computed from the row and the <see cref="ReportContext"/> (an age bucket, a deal's outcome).</summary>
    public ReportSource<T> Computed(string field, Func<ReportContext, Expression<Func<T, string>>> selector)
    {
        _dimensions.Add(new ReportDimension(field, DimensionKind.Text, selector));
        return this;
    }

    /// <summary>A numeric field measures may aggregate.</summary>
    public ReportSource<T> Number<TNumber>(string field, Expression<Func<T, TNumber>> selector)
    {
        _measures.Add(new ReportMeasureField(field, _ => selector));
        return this;
    }

    /// <summary>A numeric field computed from the row and the <see cref="ReportContext"/>.</summary>
    public ReportSource<T> Number(string field, Func<ReportContext, Expression<Func<T, double>>> selector)
    {
        _measures.Add(new ReportMeasureField(field, selector));
        return this;
    }

    /// <summary>Amounts in minor units of the row's <paramref name="currency"/>: summed per currency.</summary>
    public ReportSource<T> Money(Expression<Func<T, string>> currency, params (string Field, Expression<Func<T, long>> Minor)[] amounts)
    {
        Currency = currency;
        foreach (var (field, minor) in amounts) _measures.Add(new ReportMeasureField(field, _ => minor, Money: true));
        return this;
    }

    private static DimensionKind KindOf(Type type, ReportLabels.Lookup? labels)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (labels is not null) return DimensionKind.Reference;
        if (t.IsEnum) return DimensionKind.Enum;
        if (t == typeof(DateTime) || t == typeof(DateOnly)) return DimensionKind.Date;
        if (t == typeof(string)) return DimensionKind.Text;
        if (t == typeof(bool)) return DimensionKind.Enum;
        if (t == typeof(int) || t == typeof(long) || t == typeof(decimal) || t == typeof(double)) return DimensionKind.Number;
        throw new ArgumentException($"A report dimension of type {type.Name} needs a label lookup.", nameof(type));
    }
}
