namespace Rapport.Core.Reports;

/// <summary>What a report's expressions depend on besides the row: the company's time zone and today in it, and the
/// stages that count as won or lost (company-wide configuration, inlined as constants).</summary>
public sealed record ReportContext(TimeZoneInfo Zone, DateOnly Today, IReadOnlyList<Guid> WonStages, IReadOnlyList<Guid> LostStages)
{
    public static ReportContext For(TimeZoneInfo zone, DateTime utcNow, IReadOnlyList<Guid>? won = null, IReadOnlyList<Guid>? lost = null) =>
        new(zone, DateOnly.FromDateTime(Common.TimeZones.ToLocal(utcNow, zone)), won ?? [], lost ?? []);
}
