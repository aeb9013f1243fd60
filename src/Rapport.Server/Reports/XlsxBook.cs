using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Rapport.Server.Reports;

/// <summary>What a column's text becomes in Excel (see <see cref="XlsxBook.Typed"/>).</summary>
public enum XlsxKind { Text, Number, Date, Instant }

/// <summary>
/// A workbook written forward only, a row at a time, with the Open XML SDK's <see cref="OpenXmlWriter"/>: number cells
/// for numbers, date cells for days and instants, a bold header row frozen at the top, and text a spreadsheet would run
/// as a formula (starting with = + - @) prefixed with an apostrophe. The package is opened write-only, so each part is
/// deflated into the file while it is written: a read-write package — what <c>SpreadsheetDocument.Create</c> opens,
/// on a stream or a path alike — keeps each part in memory until the package closes, which for a million-row export is
/// the whole sheet. A write-only zip takes one entry at a time, so the parts are written one after the other (styles,
/// the sheets, then the workbook that names them). A sheet that reaches Excel's row limit continues on a new sheet.
/// Shared by the report export and the background list exports (ADR-041).
/// </summary>
public sealed class XlsxBook : IDisposable
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Excel's rows per sheet, the header included.</summary>
    public const int MaxRows = 1_048_576;

    /// <summary>Excel's characters per cell.</summary>
    public const int MaxText = 32_767;

    private const string Relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string PartType = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
    private static readonly Uri WorkbookUri = new("/xl/workbook.xml", UriKind.Relative);

    // Cell styles, indexes into the stylesheet's cell formats: 1 a day, 2 the bold header, 3 a date and time.
    private static readonly OpenXmlAttribute[] TextCell = [new("", "t", "", "inlineStr")];
    private static readonly OpenXmlAttribute[] HeaderCell = [new("", "t", "", "inlineStr"), new("", "s", "", "2")];
    private static readonly OpenXmlAttribute[] NumberCell = [new("", "t", "", "n")];
    private static readonly OpenXmlAttribute[] DateCell = [new("", "s", "", "1")];
    private static readonly OpenXmlAttribute[] InstantCell = [new("", "s", "", "3")];
    private static readonly OpenXmlAttribute[] Preserve = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];

    private readonly Package _package;
    private readonly string _title;
    private readonly string[] _header;
    private readonly List<(string Name, Uri Uri)> _sheets = [];
    // Elements the writer takes its names from (their content is never written).
    private readonly S.Row _row = new();
    private readonly S.Cell _cell = new();
    private readonly S.CellValue _value = new();
    private readonly S.InlineString _inline = new();
    private readonly S.Text _text = new();
    private Stream? _sheetStream;
    private OpenXmlWriter? _writer;
    private int _rows;
    private bool _closed;

    /// <summary>Starts a workbook in <paramref name="output"/> (left open) with one sheet named after
    /// <paramref name="title"/> and its <paramref name="header"/> row.</summary>
    public XlsxBook(Stream output, string title, IReadOnlyList<string> header)
    {
        _package = Package.Open(output, FileMode.Create, FileAccess.Write);
        try
        {
            _title = SheetName(title);
            _header = [.. header];
            var styles = _package.CreatePart(new Uri("/xl/styles.xml", UriKind.Relative), PartType + "styles+xml", CompressionOption.Normal);
            using (var stream = styles.GetStream(FileMode.Create, FileAccess.Write))
            using (var w = OpenXmlWriter.Create(stream))
            {
                w.WriteStartDocument(true);
                w.WriteElement(Stylesheet());
            }
            StartSheet();
        }
        catch
        {
            ((IDisposable)_package).Dispose();
            throw;
        }
    }

    /// <summary>Appends a row: <see langword="decimal"/>, <see langword="int"/>, <see langword="long"/> and finite
    /// <see langword="double"/> as numbers, <see cref="DateOnly"/> as a day, <see cref="DateTime"/> as a date and time
    /// (as it is, no zone conversion), null as an empty cell, anything else as text.</summary>
    public void Write(IReadOnlyList<object?> cells)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_rows == MaxRows)
        {
            EndSheet();
            StartSheet();
        }
        WriteRow(cells, header: false);
    }

    /// <summary>Ends the last sheet, writes the workbook naming the sheets, and closes the package (the output stays open).</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        EndSheet();
        var book = _package.CreatePart(WorkbookUri, PartType + "sheet.main+xml", CompressionOption.Normal);
        book.CreateRelationship(new Uri("styles.xml", UriKind.Relative), TargetMode.Internal, Relationship + "styles", "rIdStyles");
        var sheets = new S.Sheets();
        for (var i = 0; i < _sheets.Count; i++)
        {
            var id = "rId" + (i + 1).ToString(CultureInfo.InvariantCulture);
            book.CreateRelationship(new Uri(_sheets[i].Uri.OriginalString["/xl/".Length..], UriKind.Relative), TargetMode.Internal, Relationship + "worksheet", id);
            sheets.Append(new S.Sheet { Id = id, SheetId = (uint)(i + 1), Name = _sheets[i].Name });
        }
        using (var stream = book.GetStream(FileMode.Create, FileAccess.Write))
        using (var w = OpenXmlWriter.Create(stream))
        {
            w.WriteStartDocument(true);
            w.WriteElement(new S.Workbook(sheets));
        }
        _package.CreateRelationship(WorkbookUri, TargetMode.Internal, Relationship + "officeDocument", "rId1");
        _closed = true;
        ((IDisposable)_package).Dispose();
    }

    /// <summary>Closes the package; without <see cref="Complete"/> first the file is not a workbook (a failed export).</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            _writer?.Dispose();
            _sheetStream?.Dispose();
        }
        finally
        {
            ((IDisposable)_package).Dispose();
        }
    }

    /// <summary>A row of export text as cells of the column <paramref name="kinds"/>: numbers, days (<c>yyyy-MM-dd</c>)
    /// and instants (ISO 8601 with an offset, kept at that offset's wall-clock time) read back; a value that does not
    /// read as its kind stays text, an empty one is an empty cell.</summary>
    public static object?[] Typed(string?[] row, IReadOnlyList<XlsxKind> kinds)
    {
        var cells = new object?[row.Length];
        for (var i = 0; i < row.Length; i++)
            cells[i] = row[i] is not { Length: > 0 } v ? null : (i < kinds.Count ? kinds[i] : XlsxKind.Text) switch
            {
                XlsxKind.Number when decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                XlsxKind.Date when DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) => day,
                XlsxKind.Instant when DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => at.DateTime,
                _ => v,
            };
        return cells;
    }

    /// <summary>A text cell's value made safe for a spreadsheet: one that a spreadsheet would run as a formula (starting
    /// with = + - @, a tab or a carriage return) gets an apostrophe in front, which the importer takes off again. The one
    /// rule of every export: workbooks here, CSV through <see cref="Infrastructure.Csv.WriteRowAsync"/>.</summary>
    public static string Neutral(string value) => value is ['=' or '+' or '-' or '@' or '\t' or '\r', ..] ? "'" + value : value;

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ].</summary>
    public static string SheetName(string title)
    {
        var name = new string([.. title.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']'))]).Trim();
        return name.Length == 0 ? "Sheet" : name[..Math.Min(31, name.Length)];
    }

    private void StartSheet()
    {
        var n = _sheets.Count + 1;
        var name = n == 1 ? _title : $"{_title[..Math.Min(_title.Length, 24)]} ({n.ToString(CultureInfo.InvariantCulture)})";
        // The sheet is nearly all of the file and of the work: the fast deflate level.
        var part = _package.CreatePart(new Uri($"/xl/worksheets/sheet{n.ToString(CultureInfo.InvariantCulture)}.xml", UriKind.Relative),
            PartType + "worksheet+xml", CompressionOption.Fast);
        _sheets.Add((name, part.Uri));
        _sheetStream = part.GetStream(FileMode.Create, FileAccess.Write);
        var w = _writer = OpenXmlWriter.Create(_sheetStream);
        w.WriteStartDocument(true);
        w.WriteStartElement(new S.Worksheet());
        w.WriteElement(new S.SheetViews(new S.SheetView(
            new S.Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = S.PaneValues.BottomLeft, State = S.PaneStateValues.Frozen },
            new S.Selection { Pane = S.PaneValues.BottomLeft })
        { WorkbookViewId = 0 }));
        // Wide enough for a date and time (a narrower column shows ####).
        if (_header.Length > 0)
            w.WriteElement(new S.Columns(new S.Column { Min = 1, Max = (uint)_header.Length, Width = 20, CustomWidth = true }));
        w.WriteStartElement(new S.SheetData());
        _rows = 0;
        WriteRow(_header, header: true);
    }

    private void EndSheet()
    {
        var w = _writer!;
        w.WriteEndElement(); // sheetData
        w.WriteEndElement(); // worksheet
        w.Dispose();
        _sheetStream!.Dispose();
        (_writer, _sheetStream) = (null, null);
    }

    private void WriteRow(IReadOnlyList<object?> cells, bool header)
    {
        var w = _writer!;
        w.WriteStartElement(_row);
        foreach (var value in cells)
        {
            switch (value)
            {
                case null:
                    w.WriteStartElement(_cell);
                    w.WriteEndElement();
                    break;
                case string s:
                    WriteText(w, s, header ? HeaderCell : TextCell);
                    break;
                case decimal d:
                    WriteValue(w, d.ToString(CultureInfo.InvariantCulture), NumberCell);
                    break;
                case int i:
                    WriteValue(w, i.ToString(CultureInfo.InvariantCulture), NumberCell);
                    break;
                case long l:
                    WriteValue(w, l.ToString(CultureInfo.InvariantCulture), NumberCell);
                    break;
                case double x when double.IsFinite(x):
                    WriteValue(w, x.ToString(CultureInfo.InvariantCulture), NumberCell);
                    break;
                case DateOnly day:
                    WriteValue(w, day.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture), DateCell);
                    break;
                case DateTime at:
                    WriteValue(w, at.ToOADate().ToString(CultureInfo.InvariantCulture), InstantCell);
                    break;
                default:
                    WriteText(w, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", header ? HeaderCell : TextCell);
                    break;
            }
        }
        w.WriteEndElement();
        _rows++;
    }

    private void WriteValue(OpenXmlWriter w, string value, OpenXmlAttribute[] cell)
    {
        w.WriteStartElement(_cell, cell);
        w.WriteStartElement(_value);
        w.WriteString(value);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private void WriteText(OpenXmlWriter w, string value, OpenXmlAttribute[] cell)
    {
        var text = Neutral(XmlSafe(value));
        if (text.Length > MaxText) text = text[..(char.IsHighSurrogate(text[MaxText - 1]) ? MaxText - 1 : MaxText)];
        w.WriteStartElement(_cell, cell);
        w.WriteStartElement(_inline);
        w.WriteStartElement(_text, Preserve);
        w.WriteString(text);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>The text without the characters XML cannot carry (control characters other than tab and line breaks,
    /// unpaired surrogates), which would otherwise fail the whole file.</summary>
    private static string XmlSafe(string s)
    {
        var i = 0;
        for (; i < s.Length; i++)
        {
            if (XmlConvert.IsXmlChar(s[i])) continue;
            if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i])) { i++; continue; }
            break;
        }
        if (i == s.Length) return s;
        var kept = new StringBuilder(s.Length);
        kept.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            if (XmlConvert.IsXmlChar(s[i])) kept.Append(s[i]);
            else if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i])) kept.Append(s[i]).Append(s[++i]);
        }
        return kept.ToString();
    }

    /// <summary>Style 1: a day (built-in format 14); 2: the bold header; 3: a date and time.</summary>
    private static S.Stylesheet Stylesheet() => new(
        new S.NumberingFormats(new S.NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm:ss" }) { Count = 1 },
        new S.Fonts(new S.Font(), new S.Font(new S.Bold())) { Count = 2 },
        new S.Fills(new S.Fill(new S.PatternFill { PatternType = S.PatternValues.None }), new S.Fill(new S.PatternFill { PatternType = S.PatternValues.Gray125 })) { Count = 2 },
        new S.Borders(new S.Border()) { Count = 1 },
        new S.CellFormats(new S.CellFormat(),
            new S.CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
            new S.CellFormat { FontId = 1, ApplyFont = true },
            new S.CellFormat { NumberFormatId = 164, ApplyNumberFormat = true })
        { Count = 4 });
}
