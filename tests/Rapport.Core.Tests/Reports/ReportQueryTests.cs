using System.Linq.Expressions;
using Rapport.Core.Reports;

namespace Rapport.Core.Tests.Reports;

/// <summary>Building report queries without a database: date buckets in the company's time zone (the expression EF
/// translates, evaluated here in memory) and the whitelist.</summary>
public sealed class ReportQueryTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static string Bucket(DateTime utc, TimeBucket bucket, TimeZoneInfo zone)
    {
        var p = Expression.Parameter(typeof(DateTime), "t");
        var key = Expression.Lambda<Func<DateTime, int?>>(ReportQuery.DateKey(p, bucket, zone), p).Compile()(utc);
        return ReportQuery.BucketText(key!.Value, bucket);
    }

    private static DateTime Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Fact]
    public void A_deal_late_on_31_March_UTC_is_April_in_Shanghai_and_March_in_New_York()
    {
        var at = Utc(2025, 3, 31, 23, 30);
        Assert.Equal("2025-04", Bucket(at, TimeBucket.Month, Shanghai));
        Assert.Equal("2025-Q2", Bucket(at, TimeBucket.Quarter, Shanghai));
        Assert.Equal("2025-03", Bucket(at, TimeBucket.Month, NewYork));
        Assert.Equal("2025-Q1", Bucket(at, TimeBucket.Quarter, TimeZoneInfo.Utc));
        Assert.Equal("2026", Bucket(Utc(2025, 12, 31, 16, 0), TimeBucket.Year, Shanghai));
    }

    [Fact]
    public void Daylight_saving_time_moves_the_day_with_the_clocks()
    {
        // London: GMT until 01:00 UTC on 30 March 2025, then BST (+1). 23:30 UTC the evening before is still the 29th;
        // 23:30 UTC on the 30th is already 00:30 on the 31st.
        Assert.Equal("2025-03-29", Bucket(Utc(2025, 3, 29, 23, 30), TimeBucket.Day, London));
        Assert.Equal("2025-03-31", Bucket(Utc(2025, 3, 30, 23, 30), TimeBucket.Day, London));
        // New York on 2 November 2025 (back to EST at 06:00 UTC): 04:30 UTC is 00:30 EDT on the 2nd, 03:30 UTC still the 1st.
        Assert.Equal("2025-11-02", Bucket(Utc(2025, 11, 2, 4, 30), TimeBucket.Day, NewYork));
        Assert.Equal("2025-11-01", Bucket(Utc(2025, 11, 2, 3, 30), TimeBucket.Day, NewYork));
    }

    [Fact]
    public void A_week_is_named_by_its_Monday_in_the_company_zone()
    {
        // Sunday 30 March 2025 16:30 UTC is Monday 00:30 in Shanghai: a new week there, the old one in UTC.
        Assert.Equal("2025-03-31", Bucket(Utc(2025, 3, 30, 16, 30), TimeBucket.Week, Shanghai));
        Assert.Equal("2025-03-24", Bucket(Utc(2025, 3, 30, 16, 30), TimeBucket.Week, TimeZoneInfo.Utc));
        Assert.Equal("2024-12-30", Bucket(Utc(2025, 1, 1, 12, 0), TimeBucket.Week, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Only_whitelisted_fields_of_the_source_plan_and_each_refusal_names_its_field()
    {
        var context = ReportContext.For(Shanghai, DateTime.UtcNow);
        var error = Assert.Throws<RapportValidationException>(() => ReportQuery.Plan(new ReportDefinition("opportunities",
            [new("stage"), new("searchText"), new("owner")], Measures: [new(MeasureFunction.Sum, "stage")]), context, _ => false));
        Assert.Equal(["rows:Report.TooManyRows", "rows[1].field:Report.UnknownField", "measures[0].field:Report.UnknownField"],
            error.Errors.Select(e => $"{e.Field}:{e.Code}"));
        Assert.Equal("searchText", error.Errors[1].Args[0]);

        var masked = Assert.Throws<RapportValidationException>(() => ReportQuery.Plan(new ReportDefinition("leads", [new("phone")]), context, f => f == "phones"));
        Assert.Equal("Report.FieldMasked", Assert.Single(masked.Errors).Code);
        Assert.Equal("Report.BucketNotDate", Assert.Single(Assert.Throws<RapportValidationException>(() =>
            ReportQuery.Plan(new ReportDefinition("leads", [new("status", TimeBucket.Month)]), context, _ => false)).Errors).Code);
        Assert.Equal("Report.BadOperator", Assert.Single(Assert.Throws<RapportValidationException>(() =>
            ReportQuery.Plan(new ReportDefinition("leads", Filters: [new("status", FilterOp.Gt, "new")]), context, _ => false)).Errors).Code);
    }

    [Fact]
    public void Every_source_field_has_a_label_in_both_languages_and_every_standard_report_plans()
    {
        var context = ReportContext.For(Shanghai, DateTime.UtcNow);
        foreach (var standard in StandardReports.All) ReportQuery.Plan(standard.Definition, context, _ => false);
        Assert.Equal(StandardReports.All.Count, StandardReports.All.Select(s => s.Id).Distinct().Count());
        var strings = File.ReadAllLines(Path.Combine(Root(), "src/Rapport.Server/Resources/strings.tsv")).Select(l => l.Split('\t')[0]).ToHashSet();
        var keys = ReportSources.All.SelectMany(s => s.Dimensions.Select(d => d.LabelKey).Concat(s.Measures.Select(m => m.LabelKey)).Append(s.LabelKey));
        Assert.Empty(keys.Where(k => !strings.Contains(k)).Distinct());
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rapport.slnx"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
