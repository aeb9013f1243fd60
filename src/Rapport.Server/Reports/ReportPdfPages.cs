using SkiaSharp;

namespace Rapport.Server.Reports;

/// <summary>Report output flowing down PDF pages (A4 landscape): headings, wrapped text, a chart picture and table rows,
/// a new page whenever the next piece does not fit. Text is drawn in the documents' CJK font, so Chinese stays text.
/// Used by a report's PDF and by an analysis document's.</summary>
internal sealed class ReportPdfPages : IDisposable
{
    public const float Width = 842, Height = 595, Margin = 36, Row = 16;
    private readonly SKDocument _document;
    private readonly SKFont _regular, _heading;
    private readonly SKPaint _paint = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKPaint _line = new() { Color = SKColors.LightGray, StrokeWidth = 0.5f };
    private SKCanvas _canvas;
    private float _y;

    public ReportPdfPages(Stream output, SKTypeface typeface, string title)
    {
        _regular = new SKFont(typeface, 8);
        _heading = new SKFont(typeface, 14) { Embolden = true };
        _document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = title, Creator = "Rapport" });
        _canvas = _document.BeginPage(Width, Height);
        _y = Margin;
    }

    /// <summary>Room for <paramref name="height"/> more points, on a new page if this one is full.</summary>
    private void Need(float height)
    {
        if (_y + height <= Height - Margin || _y == Margin) return;
        _document.EndPage();
        _canvas = _document.BeginPage(Width, Height);
        _y = Margin;
    }

    /// <summary>A bold heading of <paramref name="size"/> points.</summary>
    public void Heading(string text, float size = 14)
    {
        _heading.Size = size;
        Need(size + 12);
        _y += size;
        _canvas.DrawText(text, Margin, _y, SKTextAlign.Left, _heading, _paint);
        _y += 12;
    }

    /// <summary>Plain text, a paragraph per line, wrapped at spaces (or anywhere in Chinese, which has none).</summary>
    public void Text(string text)
    {
        _regular.Embolden = false;
        _regular.Size = 10;
        foreach (var paragraph in text.Split('\n'))
        {
            foreach (var line in Wrap(paragraph.TrimEnd('\r'), Width - 2 * Margin))
            {
                Need(14);
                _canvas.DrawText(line, Margin, _y + 10, SKTextAlign.Left, _regular, _paint);
                _y += 14;
            }
            _y += 4;
        }
        _regular.Size = 8;
    }

    private IEnumerable<string> Wrap(string text, float room)
    {
        var line = "";
        foreach (var c in text)
        {
            if (_regular.MeasureText(line + c) <= room) { line += c; continue; }
            var space = line.LastIndexOf(' ');
            if (space > 0 && c != ' ') { yield return line[..space]; line = line[(space + 1)..] + c; }
            else { yield return line; line = c == ' ' ? "" : c.ToString(); }
        }
        if (line.Length > 0 || text.Length == 0) yield return line;
    }

    /// <summary>A picture (PNG) across the page, <paramref name="height"/> points high.</summary>
    public void Image(byte[] png, float height)
    {
        Need(height + 10);
        using var image = SKImage.FromEncodedData(png);
        _canvas.DrawImage(image, new SKRect(Margin, _y, Width - Margin, _y + height));
        _y += height + 10;
    }

    /// <summary>A table: the header in bold, then the rows, each cell cut to its column.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var column = (Width - 2 * Margin) / Math.Max(1, header.Count);
        void Line(IReadOnlyList<string?> cells, bool bold)
        {
            Need(Row);
            _regular.Embolden = bold;
            for (var i = 0; i < cells.Count; i++)
                _canvas.DrawText(Fit(cells[i] ?? "", column - 4), Margin + i * column, _y + Row - 4, SKTextAlign.Left, _regular, _paint);
            _canvas.DrawLine(Margin, _y + Row, Width - Margin, _y + Row, _line);
            _y += Row;
        }
        string Fit(string s, float room)
        {
            if (_regular.MeasureText(s) <= room) return s;
            while (s.Length > 1 && _regular.MeasureText(s + "…") > room) s = s[..^1];
            return s + "…";
        }
        Line(header, bold: true);
        foreach (var r in rows) Line(r, bold: false);
        _regular.Embolden = false;
        _y += 8;
    }

    public void Dispose()
    {
        _document.EndPage();
        _document.Close();
        _document.Dispose();
        _regular.Dispose();
        _heading.Dispose();
        _paint.Dispose();
        _line.Dispose();
    }
}
