using CsvHelper;
using Rapport.Core.Preferences;

namespace Rapport.Server.Infrastructure;

/// <summary>CSV in and out of the API, through CsvHelper.</summary>
internal static class Csv
{
    public const int MaxImportRows = 5000;

    /// <summary>Streams rows as a CSV attachment. The first row is fetched before a byte is sent, so a permission or
    /// validation error still becomes a proper problem response. Cells starting with = + - @ are escaped so a
    /// spreadsheet never runs them as formulas. <paramref name="fields"/> gets the reader's time zone, for <see cref="Instant"/>.</summary>
    public static async Task WriteAsync<T>(HttpContext http, string name, string[] header, IAsyncEnumerable<T> rows,
        Func<T, TimeZoneInfo, string?[]> fields, CancellationToken ct)
    {
        await using var e = rows.GetAsyncEnumerator(ct);
        var more = await e.MoveNextAsync();
        var zone = await http.RequestServices.GetRequiredService<UserTimeZones>().ForAsync(http.RequestServices.GetRequiredService<ICurrentUser>().Id, ct);
        var now = TimeZones.ToLocal(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, zone);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"attachment; filename=\"{name}-{now:yyyyMMdd-HHmmss}.csv\"");
        await using var csv = CreateWriter(http.Response.Body);
        await WriteRowAsync(csv, header, ct);
        for (; more; more = await e.MoveNextAsync()) await WriteRowAsync(csv, fields(e.Current, zone), ct);
        await csv.FlushAsync(ct);
    }

    /// <summary>A UTF-8 (with BOM, for Excel, unless the stream continues a file) CSV writer on <paramref name="stream"/>, left open; rows go through
    /// <see cref="WriteRowAsync"/>.</summary>
    public static CsvWriter CreateWriter(Stream stream, bool byteOrderMark = true) =>
        CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.None, WriteByteOrderMark = byteOrderMark }, leaveOpen: true);

    /// <summary>Writes one row (in place) with every cell a spreadsheet would run as a formula neutralised by
    /// <see cref="Reports.XlsxBook.Neutral"/>, the workbooks' rule. Done here rather than by CsvHelper's own injection
    /// option, which copied its buffer for every field: a fifth of a 1M-row export's time.</summary>
    public static ValueTask WriteRowAsync(CsvWriter csv, string?[] row, CancellationToken ct)
    {
        for (var i = 0; i < row.Length; i++)
            if (row[i] is { } cell) row[i] = Reports.XlsxBook.Neutral(cell);
        return csv.WriteRecordAsync(row, ct);
    }

    /// <summary>A stored UTC instant as the reader's wall-clock time with its offset (<c>2026-11-29T05:49:00+08:00</c>):
    /// what a person in that zone expects to read, and still one exact instant for a program.</summary>
    public static string? Instant(DateTime? utc, TimeZoneInfo zone) => utc is { } u
        ? TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)), zone).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
        : null;

    /// <summary>Reads a CSV body with a header row into one dictionary per record (header names case-insensitive).</summary>
    public static async Task<List<Dictionary<string, string?>>> ReadAsync(Stream body, string[] required, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct);
        await using var reader = CsvReader.Create(buffer.ToArray(), new CsvReaderOptions { HasHeader = true, TrimWhitespace = true });
        var rows = new List<Dictionary<string, string?>>();
        while (await reader.ReadAsync(ct))
        {
            var headers = reader.Headers ?? [];
            var missing = required.Where(r => !headers.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0) throw RapportValidationException.For("file", "Validation.CsvColumns", string.Join(", ", missing));
            if (rows.Count == MaxImportRows) throw RapportValidationException.For("file", "Validation.TooMany", MaxImportRows);
            var row = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < headers.Count; i++) row[headers[i]] = reader.GetStringOrNull(i) is { Length: > 0 } v ? v : null;
            // The same rule as JSON bodies: no control characters (a NUL would fail in PostgreSQL).
            if (headers.Concat(row.Values).Any(v => v is not null && !SafeText.IsSafe(v)))
                throw RapportValidationException.For($"rows[{rows.Count}]", SafeText.ErrorCode);
            rows.Add(row);
        }
        return rows;
    }
}
