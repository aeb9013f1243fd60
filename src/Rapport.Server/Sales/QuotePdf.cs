using System.Buffers.Binary;
using Rapport.Core.Sales;
using SkiaSharp;

namespace Rapport.Server.Sales;

/// <summary>
/// Renders a quote as an A4 PDF with SkiaSharp: the company's name, the quote's number and dates, the customer,
/// the lines (breaking onto further pages as needed) and the totals, in the company's document language. Text is
/// drawn with a CJK-capable font, so Chinese names come out as real text that can be searched and copied. The first
/// choice is WenQuanYi Zen Hei (Debian's <c>fonts-wqy-zenhei</c>): Noto Sans CJK draws many ideographs with the same
/// glyph as a Kangxi radical (日 and ⽇), and the PDF's text layer then reads back the radical, so a search for
/// "星辰" would miss "星⾠". <c>Documents:FontFile</c> names another font file.
/// <para>Only the glyphs drawn are embedded. SkiaSharp's native library is built without Skia's font subsetter, so a
/// TrueType font it may embed goes into the PDF whole (WenQuanYi: 9 MB for one page, seconds to compress); a font
/// whose licence restricts embedding is written instead as a Type 3 font holding just the glyphs used, with the same
/// Unicode map for text extraction. So the font is loaded once from memory with its OS/2 embedding flags set to
/// "restricted" in that copy (<see cref="SubsettingCopy"/>): a one-page Chinese quote becomes ~150 KB, rendered in
/// milliseconds.</para>
/// </summary>
public sealed class QuotePdf(IStringLocalizer<SharedResource> text, IConfiguration config, TimeProvider clock)
{
    private const float Width = 595, Height = 842, Margin = 48, Row = 18;
    private static readonly string[] Families = ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC"];

    /// <summary>The quote as a PDF; dates are calendar dates in <paramref name="zone"/> (the company's).</summary>
    public byte[] Render(QuoteDto quote, SalesSettings settings, TimeZoneInfo zone)
    {
        var culture = CultureInfo.GetCultureInfo(settings.DocumentLanguage);
        string L(string key, params object[] args)
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            try { return text[key, args].Value; }
            finally { CultureInfo.CurrentUICulture = previous; }
        }
        string Money(decimal d) => d.ToString("N" + Rapport.Core.Common.Currency.Exponent(quote.Currency).ToString(CultureInfo.InvariantCulture), culture);

        var typeface = Typeface();
        using var regular = new SKFont(typeface, 10);
        using var bold = new SKFont(typeface, 10) { Embolden = true };
        using var title = new SKFont(typeface, 20) { Embolden = true };
        using var ink = new SKPaint { Color = new SKColor(0x1f, 0x24, 0x30), IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x5c, 0x63, 0x70), IsAntialias = true };
        using var rule = new SKPaint { Color = new SKColor(0xcc, 0xcc, 0xdd), StrokeWidth = 0.8f };

        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = $"{L("Pdf.Quote")} {quote.Number}", Author = settings.CompanyName, Creator = "Rapport", Creation = clock.GetUtcNow().UtcDateTime,
        }))
        {
            // Columns: description takes what the numbers leave.
            float[] right = [Width - Margin - 290, Width - Margin - 215, Width - Margin - 150, Width - Margin - 95, Width - Margin];
            string[] heads = [L("Pdf.Quantity"), L("Pdf.UnitPrice"), L("Pdf.Discount"), L("Pdf.TaxRate"), L("Pdf.Net")];
            var page = 0;
            SKCanvas? canvas = null;
            float y = 0;

            void NewPage()
            {
                if (canvas is not null) document.EndPage();
                canvas = document.BeginPage(Width, Height);
                page++;
                y = Margin;
                canvas.DrawText(settings.CompanyName, Margin, y + 14, SKTextAlign.Left, bold, ink);
                canvas.DrawText(L("Pdf.Page", page), Width - Margin, y + 14, SKTextAlign.Right, regular, muted);
                y += 40;
                if (page == 1)
                {
                    canvas.DrawText(L("Pdf.Quote"), Margin, y + 20, SKTextAlign.Left, title, ink);
                    y += 40;
                    Field(L("Pdf.Number"), quote.Revision > 1 ? $"{quote.Number} / {L("Pdf.Revision", quote.Revision)}" : quote.Number);
                    Field(L("Pdf.Date"), Rapport.Core.Common.TimeZones.ToLocal(quote.SentAt ?? quote.CreatedAt, zone).ToString("d", culture));
                    if (quote.ValidUntil is { } until) Field(L("Pdf.ValidUntil"), until.ToString("d", culture));
                    Field(L("Pdf.Customer"), quote.CustomerName);
                    Field(L("Pdf.Currency"), quote.Currency);
                    y += 12;
                }
                canvas.DrawText(L("Pdf.Description"), Margin, y, SKTextAlign.Left, bold, ink);
                for (var i = 0; i < heads.Length; i++) canvas.DrawText(heads[i], right[i], y, SKTextAlign.Right, bold, ink);
                y += 6;
                canvas.DrawLine(Margin, y, Width - Margin, y, rule);
                y += Row;
            }

            void Field(string label, string value)
            {
                canvas!.DrawText(label, Margin, y, SKTextAlign.Left, regular, muted);
                canvas.DrawText(value, Margin + 90, y, SKTextAlign.Left, regular, ink);
                y += Row;
            }

            NewPage();
            foreach (var line in quote.Lines)
            {
                if (y > Height - Margin - 4 * Row) NewPage();
                var description = Fit(line.Description, regular, right[0] - Margin - 70);
                canvas!.DrawText(description, Margin, y, SKTextAlign.Left, regular, ink);
                string[] cells = [line.Quantity.ToString("0.###", culture) + (line.Unit is null ? "" : " " + line.Unit), Money(line.UnitPrice),
                    line.DiscountPercent == 0 ? "—" : line.DiscountPercent.ToString("0.##", culture) + "%", line.TaxRatePercent.ToString("0.##", culture) + "%", Money(line.Net)];
                for (var i = 0; i < cells.Length; i++) canvas.DrawText(cells[i], right[i], y, SKTextAlign.Right, regular, ink);
                y += Row;
            }
            if (y > Height - Margin - 6 * Row) NewPage();
            canvas!.DrawLine(Width - Margin - 220, y - Row / 2, Width - Margin, y - Row / 2, rule);
            y += 4;
            foreach (var (label, amount, font) in new[] { (L("Pdf.Subtotal"), quote.Subtotal, regular), (L("Pdf.Tax"), quote.Tax, regular), (L("Pdf.Total"), quote.Total, bold) })
            {
                canvas.DrawText(label, Width - Margin - 120, y, SKTextAlign.Right, font, ink);
                canvas.DrawText($"{quote.Currency} {Money(amount)}", Width - Margin, y, SKTextAlign.Right, font, ink);
                y += Row;
            }
            if (quote.Notes is { } notes)
            {
                y += Row;
                foreach (var part in notes.Split('\n').Take(20))
                {
                    if (y > Height - Margin) NewPage();
                    canvas!.DrawText(Fit(part.TrimEnd('\r'), regular, Width - 2 * Margin), Margin, y, SKTextAlign.Left, regular, muted);
                    y += Row;
                }
            }
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>Shortens a text with an ellipsis until it fits the width.</summary>
    private static string Fit(string s, SKFont font, float width)
    {
        if (font.MeasureText(s) <= width) return s;
        while (s.Length > 1 && font.MeasureText(s + "…") > width) s = Rapport.Core.Common.TextCut.WithoutLast(s);
        return s + "…";
    }

    private static readonly Lock FontGate = new();
    private static (string? File, SKTypeface Typeface)? _font;

    /// <summary>The document font, loaded once (per configured file) as a <see cref="SubsettingCopy"/>; shared by every
    /// render and never disposed.</summary>
    private SKTypeface Typeface()
    {
        var file = config["Documents:FontFile"] is { Length: > 0 } f ? f : null;
        lock (FontGate)
        {
            if (_font is { } cached && cached.File == file) return cached.Typeface;
            using var found = Find(file);
            var typeface = SubsettingCopy(found) ?? Find(file);
            _font = (file, typeface);
            return typeface;
        }

        static SKTypeface Find(string? file)
        {
            if (file is not null && SKTypeface.FromFile(file) is { } fromFile) return fromFile;
            foreach (var family in Families)
                if (SKFontManager.Default.MatchFamily(family) is { } found) return found;
            return SKFontManager.Default.MatchCharacter('中') ?? SKTypeface.Default;
        }
    }

    /// <summary>The typeface's font file read into memory with the OS/2 <c>fsType</c> of its face set to 2
    /// (restricted licence embedding), so that Skia writes only the glyphs drawn (see the class summary); null when
    /// the font cannot be read that way.</summary>
    private static SKTypeface? SubsettingCopy(SKTypeface typeface)
    {
        try
        {
            return Patched(typeface);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // not laid out as an OpenType font; draw with it as it is
        }
    }

    private static SKTypeface? Patched(SKTypeface typeface)
    {
        using var stream = typeface.OpenStream(out var index);
        if (stream is null || stream.Length <= 12) return null;
        var bytes = new byte[stream.Length];
        if (stream.Read(bytes, bytes.Length) != bytes.Length) return null;
        var span = bytes.AsSpan();
        // A collection (.ttc) lists where each face's table directory starts; a single font starts with its own.
        var directory = BinaryPrimitives.ReadUInt32BigEndian(span) == 0x74746366 /* ttcf */
            ? (int)BinaryPrimitives.ReadUInt32BigEndian(span[(12 + 4 * index)..])
            : 0;
        int tables = BinaryPrimitives.ReadUInt16BigEndian(span[(directory + 4)..]);
        for (var i = 0; i < tables; i++)
        {
            var record = span[(directory + 12 + 16 * i)..];
            if (BinaryPrimitives.ReadUInt32BigEndian(record) != 0x4F532F32 /* OS/2 */) continue;
            var os2 = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[(os2 + 8)..], 0x0002);
            using var data = SKData.CreateCopy(bytes);
            return SKTypeface.FromData(data, index);
        }
        return null;
    }
}
