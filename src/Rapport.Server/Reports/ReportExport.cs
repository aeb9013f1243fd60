using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Rapport.Core.Reports;
using Rapport.Server.Sales;
using SkiaSharp;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rapport.Server.Reports;

/// <summary>A report's figures as a file: Excel (<see cref="XlsxBook"/>: number cells for figures, date cells for days,
/// the header row frozen, text cells starting with = + - @ prefixed with an apostrophe so no spreadsheet runs them), Word
/// (the chart as a picture, then the table) or PDF (the same, drawn with SkiaSharp in the documents' CJK font so
/// Chinese stays text). Charts are drawn on the server with ScottPlot. Files are written to a temporary file and
/// streamed from there: memory holds one result (at most <see cref="ReportQuery.MaxGroups"/> groups), never the file.</summary>
internal sealed class ReportExport(DocumentPdf pdf, IStringLocalizer<SharedResource> text)
{
    private string L(string key) => text[key];

    /// <summary>Writes the file to the response as an attachment named after the report.</summary>
    public Task WriteAsync(HttpContext http, string title, ReportResult result, ReportFileFormat format, CancellationToken ct) =>
        SendAsync(http, title, format, file => Render(file, format, title, result), ct);

    /// <summary>Renders a file with <paramref name="render"/> to a temporary file, then streams it to the response as an
    /// attachment named <paramref name="title"/>.</summary>
    public static async Task SendAsync(HttpContext http, string title, ReportFileFormat format, Action<Stream> render, CancellationToken ct)
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920))
                render(file);
            var (type, ext) = Kind(format);
            http.Response.ContentType = type;
            http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = $"report.{ext}", DispositionType = "attachment" }.ToString()
                + "; filename*=UTF-8''" + Uri.EscapeDataString($"{title}.{ext}");
            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            http.Response.ContentLength = read.Length;
            await read.CopyToAsync(http.Response.Body, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The file's content type and extension.</summary>
    public static (string ContentType, string Extension) Kind(ReportFileFormat format) => format switch
    {
        ReportFileFormat.Xlsx => (XlsxBook.ContentType, "xlsx"),
        ReportFileFormat.Docx => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        _ => ("application/pdf", "pdf"),
    };

    public void Render(Stream output, ReportFileFormat format, string title, ReportResult result)
    {
        switch (format)
        {
            case ReportFileFormat.Xlsx: Xlsx(output, title, result); break;
            case ReportFileFormat.Docx: Docx(output, title, result); break;
            default: Pdf(output, title, result); break;
        }
    }

    /// <summary>The table as typed cells: the row keys (a day as a date), the currency, then the figures as numbers.</summary>
    private List<object?[]> Cells(ReportResult result, out string[] header)
    {
        var (head, rows) = ReportTable.Flatten(result, L);
        header = head;
        var keys = result.Dimensions.Count;
        return rows.Select(r => r.Select((v, i) => i > keys && v is not null ? decimal.Parse(v, CultureInfo.InvariantCulture)
            : i < keys && v is not null && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
            : (object?)v).ToArray()).ToList();
    }

    public void Xlsx(Stream output, string title, ReportResult result)
    {
        var rows = Cells(result, out var header);
        using var book = new XlsxBook(output, title, header);
        foreach (var row in rows) book.Write(row);
        book.Complete();
    }

    public void Docx(Stream output, string title, ReportResult result)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var body = new W.Body(DocxHeading(title, 32));
        body.Append(DocxResult(main, result, 1));
        body.Append(DocxLandscape());
        main.Document = new W.Document(body);
        main.Document.Save();
    }

    /// <summary>A bold heading paragraph of <paramref name="halfPoints"/> (Word's unit for font sizes).</summary>
    internal static W.Paragraph DocxHeading(string text, int halfPoints) =>
        new(new W.ParagraphProperties(new W.ParagraphStyleId { Val = halfPoints >= 32 ? "Title" : "Heading1" }),
            new W.Run(new W.RunProperties(new W.Bold(), new W.FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }),
                new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    internal static W.SectionProperties DocxLandscape() => new(new W.PageSize { Width = 16838, Height = 11906, Orient = W.PageOrientationValues.Landscape });

    /// <summary>A result in a Word body: its chart as a picture (numbered <paramref name="pictureId"/>, unique in the
    /// document) and its table.</summary>
    internal IEnumerable<OpenXmlElement> DocxResult(MainDocumentPart main, ReportResult result, uint pictureId)
    {
        var (header, rows) = ReportTable.Flatten(result, L);
        if (Chart(result, 1200, 600) is { } png)
        {
            var image = main.AddImagePart(ImagePartType.Png);
            using (var s = new MemoryStream(png)) image.FeedData(s);
            yield return new W.Paragraph(new W.Run(Picture(main.GetIdOfPart(image), 6_000_000L, 3_000_000L, pictureId)));
        }
        var table = new W.Table(new W.TableProperties(
            new W.TableBorders(new W.TopBorder { Val = W.BorderValues.Single, Size = 4 }, new W.BottomBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.InsideHorizontalBorder { Val = W.BorderValues.Single, Size = 4 }, new W.InsideVerticalBorder { Val = W.BorderValues.Single, Size = 4 },
                new W.LeftBorder { Val = W.BorderValues.Single, Size = 4 }, new W.RightBorder { Val = W.BorderValues.Single, Size = 4 }),
            new W.TableWidth { Type = W.TableWidthUnitValues.Pct, Width = "5000" }));
        table.Append(Row(header, bold: true));
        foreach (var r in rows) table.Append(Row(r.Select(v => v ?? "").ToArray(), bold: false));
        yield return table;

        static W.TableRow Row(string[] cells, bool bold) => new(cells.Select(c => new W.TableCell(new W.Paragraph(
            new W.Run(bold ? new W.RunProperties(new W.Bold()) : new W.RunProperties(), new W.Text(c) { Space = SpaceProcessingModeValues.Preserve })))));
    }

    private static W.Drawing Picture(string relationshipId, long cx, long cy, uint id) => new(
        new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.DocProperties { Id = id, Name = "Chart " + id.ToString(CultureInfo.InvariantCulture) },
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = "chart.png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = relationshipId }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });

    /// <summary>A bar chart of the result (a bar group per row, a bar per series), or null when there is nothing to draw.</summary>
    public byte[]? Chart(ReportResult result, int width, int height)
    {
        if (result.Rows.Count == 0) return null;
        var labels = ReportChart.Labels(result, L);
        var series = ReportChart.Of(result, L);
        var plot = new ScottPlot.Plot();
        plot.Font.Set(pdf.Typeface().FamilyName);
        var group = series.Count + 1.0;
        for (var s = 0; s < series.Count; s++)
        {
            var bars = plot.Add.Bars(series[s].Values.Select((_, i) => i * group + s).ToArray(), series[s].Values);
            bars.LegendText = series[s].Name;
        }
        plot.Axes.Bottom.SetTicks(labels.Select((_, i) => i * group + (series.Count - 1) / 2.0).ToArray(), labels);
        plot.Axes.Margins(bottom: 0);
        if (series.Count > 1) plot.ShowLegend();
        return plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
    }

    public void Pdf(Stream output, string title, ReportResult result)
    {
        using var pages = new ReportPdfPages(output, pdf.Typeface(), title);
        pages.Heading(title);
        PdfResult(pages, result);
    }

    /// <summary>A result on PDF pages: its chart, then its table.</summary>
    internal void PdfResult(ReportPdfPages pages, ReportResult result)
    {
        var (header, rows) = ReportTable.Flatten(result, L);
        if (Chart(result, 1540, 560) is { } png) pages.Image(png, 280);
        pages.Table(header, rows);
    }

    internal SKTypeface Typeface() => pdf.Typeface();
}
