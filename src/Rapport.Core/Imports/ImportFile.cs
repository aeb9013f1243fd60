using System.Text.Unicode;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Rapport.Core.Imports;

/// <summary>What was found out about an uploaded file: its kind, and for CSV its encoding and delimiter.</summary>
public sealed record ImportFileShape(string Format, string? Encoding, string? Delimiter);

/// <summary>An uploaded spreadsheet read one row at a time (never whole into memory): CSV in UTF-8 (with or without a
/// BOM), UTF-16 (with a BOM) or GBK/GB18030 — what Chinese Excel writes — with the delimiter detected, or the first
/// sheet of an .xlsx. The first row is the header.</summary>
public static class ImportFile
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    /// <summary>Bytes looked at to tell UTF-8 from GB18030 and to find the delimiter.</summary>
    private const int Sniff = 1 << 20;

    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    static ImportFile() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>GB18030, the superset of GBK and GB2312.</summary>
    public static Encoding Gb18030 => System.Text.Encoding.GetEncoding(54936);

    /// <summary>The shape of the file at <paramref name="path"/>: an .xlsx starts with a ZIP signature; anything else
    /// is read as CSV text.</summary>
    public static ImportFileShape Detect(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[Sniff];
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var bytes = head.AsSpan(0, n);
        if (bytes.StartsWith("PK\u0003\u0004"u8)) return new ImportFileShape(Xlsx, null, null);
        var (encoding, bom) = DetectEncoding(bytes, complete: n < head.Length);
        var text = encoding.GetString(bytes[bom..]);
        return new ImportFileShape(Csv, encoding.WebName, DetectDelimiter(text).ToString());
    }

    /// <summary>A byte order mark wins; otherwise text that is valid UTF-8 is UTF-8, and anything else GB18030.
    /// <paramref name="complete"/> says the bytes are the whole file (else a sequence cut at the end is forgiven).</summary>
    public static (Encoding Encoding, int BomLength) DetectEncoding(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (new UTF8Encoding(false), 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (System.Text.Encoding.Unicode, 2);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (System.Text.Encoding.BigEndianUnicode, 2);
        if (!complete)
        {
            // Drop a multi-byte sequence the sniff window cut in two (at most 3 trailing bytes).
            var cut = bytes.Length;
            for (var i = 1; i <= 3 && i <= bytes.Length; i++)
                if ((bytes[^i] & 0xC0) != 0x80) { cut = bytes[^i] >= 0xC0 ? bytes.Length - i : bytes.Length; break; }
            bytes = bytes[..cut];
        }
        return Utf8.IsValid(bytes) ? (new UTF8Encoding(false), 0) : (Gb18030, 0);
    }

    /// <summary>The one of <c>, ; tab |</c> that appears in the header line most, and as often in the lines after it.</summary>
    public static char DetectDelimiter(string text)
    {
        var lines = text.Split('\n', 12).Take(10).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return ',';
        var best = ',';
        var bestScore = -1;
        foreach (var d in Delimiters)
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, d)).ToList();
            if (counts[0] == 0) continue;
            // Lines agreeing with the header count twice as much as the count itself.
            var score = counts[0] * 2 + counts.Count(c => c == counts[0]);
            if (score > bestScore) (best, bestScore) = (d, score);
        }
        return best;
    }

    private static int CountOutsideQuotes(string line, char d)
    {
        var n = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == d && !quoted) n++;
        }
        return n;
    }

    /// <summary>The rows of the file, the header first, each as its cells (trailing empty cells may be missing).</summary>
    public static IEnumerable<string[]> Rows(string path, ImportFileShape shape) =>
        shape.Format == Xlsx ? XlsxRows(path) : CsvRows(path, shape);

    private static IEnumerable<string[]> CsvRows(string path, ImportFileShape shape)
    {
        var encoding = System.Text.Encoding.GetEncoding(shape.Encoding ?? "utf-8");
        using var text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        using var reader = new SepReaderOptions(new Sep((shape.Delimiter ?? ",")[0]))
        {
            HasHeader = false, Unescape = true, DisableColCountCheck = true,
        }.From(text);
        while (reader.MoveNext()) yield return Cells(reader.Current);
    }

    private static string[] Cells(SepReader.Row row)
    {
        var cells = new string[row.ColCount];
        for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
        return cells;
    }

    private static IEnumerable<string[]> XlsxRows(string path)
    {
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX))
            yield return row.Values.Select(Text).ToArray();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
