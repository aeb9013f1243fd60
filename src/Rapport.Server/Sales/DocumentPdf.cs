using System.Buffers.Binary;
using System.Text;
using Rapport.Core.Preferences;
using Rapport.Core.Settings;
using SkiaSharp;

namespace Rapport.Server.Sales;

/// <summary>Who sends a document and how it speaks: the company profile and logo, the document language and the
/// company's time zone (whoever prints it).</summary>
public sealed record DocumentSender(CompanyProfile Company, CompanyLogo? Logo, CultureInfo Culture, TimeZoneInfo Zone);

/// <summary>One line of a sales document as printed; a null tax rate is a line outside the tax summary (a deposit).</summary>
public sealed record DocumentLineView(string Description, string Quantity, decimal UnitPrice, decimal DiscountPercent, decimal? TaxRatePercent, decimal Net, decimal Tax);

/// <summary>An amount under the lines (subtotal, tax, total, paid so far, amount due); <see cref="Strong"/> in bold.</summary>
public sealed record DocumentTotal(string Label, decimal Amount, bool Strong = false);

/// <summary>What a quote or an invoice prints, already in the document language: the title and number, the facts
/// beside them (dates, customer), the lines, the amounts under them and the notes.</summary>
public sealed record SalesDocument(string Title, string Number, IReadOnlyList<(string Label, string Value)> Facts, string Currency,
    IReadOnlyList<DocumentLineView> Lines, IReadOnlyList<DocumentTotal> Totals, string? Notes);

/// <summary>
/// Renders a sales document (a quote, an invoice) as an A4 PDF with SkiaSharp: the seller block (logo top left, the
/// company's name, address, tax id and contact), the title, number and facts, the lines — long descriptions wrap,
/// breaking at spaces, or anywhere in Chinese, which has none — breaking onto further pages as needed, the totals per
/// tax rate and the amounts under them, and on every page the bank details and "Page 1 of 2", in the company's
/// document language. Text is drawn with a CJK-capable font, so Chinese names come out as real text that can be
/// searched and copied. The first choice is WenQuanYi Zen Hei (Debian's <c>fonts-wqy-zenhei</c>): Noto Sans CJK draws
/// many ideographs with the same glyph as a Kangxi radical (日 and ⽇), and the PDF's text layer then reads back the
/// radical, so a search for "星辰" would miss "星⾠". <c>Documents:FontFile</c> names another font file.
/// <para>Only the glyphs drawn are embedded. SkiaSharp's native library is built without Skia's font subsetter, so a
/// TrueType font it may embed goes into the PDF whole (WenQuanYi: 9 MB for one page, seconds to compress); a font
/// whose licence restricts embedding is written instead as a Type 3 font holding just the glyphs used, with the same
/// Unicode map for text extraction. So the font is loaded once from memory with its OS/2 embedding flags set to
/// "restricted" in that copy (<see cref="SubsettingCopy"/>): a one-page Chinese quote becomes ~150 KB, rendered in
/// milliseconds.</para>
/// <para>Pages are laid out first and drawn once their number is known, so each can say "of N".</para>
/// </summary>
public sealed class DocumentPdf(IStringLocalizer<SharedResource> text, IConfiguration config, TimeProvider clock, SettingsService settings,
    CompanyService company, UserTimeZones zones)
{
    private const float Width = 595, Height = 842, Margin = 48, Row = 18, Leading = 13, LogoHeight = 56, LogoWidth = 160;
    private const float Bottom = Height - Margin - 24; // the footer sits below
    private static readonly string[] Families = ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC"];

    /// <summary>The company as the documents it sends present it, in its document language and time zone.</summary>
    public async Task<DocumentSender> SenderAsync(CancellationToken ct)
    {
        var language = (await settings.GetAsync<Rapport.Core.Sales.SalesSettings>(ct)).DocumentLanguage;
        return new DocumentSender(await company.ProfileAsync(ct), await company.LogoAsync(ct), CultureInfo.GetCultureInfo(language), await zones.CompanyAsync(ct));
    }

    /// <summary>A resource string in the document's language.</summary>
    public string L(DocumentSender sender, string key, params object[] args)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = sender.Culture;
        try { return text[key, args].Value; }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    /// <summary>An amount with the currency's own decimals, as the document's language writes it.</summary>
    public static string Money(DocumentSender sender, decimal amount, string currency) =>
        amount.ToString("N" + Rapport.Core.Common.Currency.Exponent(currency).ToString(CultureInfo.InvariantCulture), sender.Culture);

    public byte[] Render(SalesDocument doc, DocumentSender sender)
    {
        var culture = sender.Culture;
        var c = sender.Company;
        string L(string key, params object[] args) => this.L(sender, key, args);
        string Money(decimal d) => DocumentPdf.Money(sender, d, doc.Currency);

        // Skia draws emboldened text as outlines (with an invisible text layer for search), which costs far more bytes
        // than the subset font: bold is kept for the title, the company's name and the totals that matter.
        var typeface = Typeface();
        using var regular = new SKFont(typeface, 10);
        using var bold = new SKFont(typeface, 10) { Embolden = true };
        using var heading = new SKFont(typeface, 13) { Embolden = true };
        using var title = new SKFont(typeface, 20) { Embolden = true };
        using var ink = new SKPaint { Color = new SKColor(0x1f, 0x24, 0x30), IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x5c, 0x63, 0x70), IsAntialias = true };
        using var rule = new SKPaint { Color = new SKColor(0xcc, 0xcc, 0xdd), StrokeWidth = 0.8f };
        using var logo = sender.Logo is { } l ? SKImage.FromEncodedData(l.Data) : null;

        // Columns: the description takes what the numbers leave.
        float[] right = [Width - Margin - 260, Width - Margin - 190, Width - Margin - 135, Width - Margin - 85, Width - Margin];
        string[] heads = [L("Pdf.Quantity"), L("Pdf.UnitPrice"), L("Pdf.Discount"), L("Pdf.TaxRate"), L("Pdf.Net")];
        var descriptionWidth = right[0] - Margin - 60;

        // Layout: each page is a list of drawing steps, played once the page count is known.
        var pages = new List<List<Action<SKCanvas>>>();
        List<Action<SKCanvas>> page = null!;
        float y = 0;
        void Draw(Action<SKCanvas> step) => page.Add(step);
        void Text(string s, float x, float at, SKTextAlign align, SKFont font, SKPaint paint) => Draw(k => k.DrawText(s, x, at, align, font, paint));
        void Line(float x0, float x1, float at) => Draw(k => k.DrawLine(x0, at, x1, at, rule));

        void Heads()
        {
            Text(L("Pdf.Description"), Margin, y, SKTextAlign.Left, regular, muted);
            for (var i = 0; i < heads.Length; i++) Text(heads[i], right[i], y, SKTextAlign.Right, regular, muted);
            y += 6;
            Line(Margin, Width - Margin, y);
            y += Row;
        }

        void NewPage(bool tableHeads)
        {
            page = [];
            pages.Add(page);
            y = Margin;
            if (pages.Count == 1) FirstPageTop();
            else
            {
                Text(c.LegalName, Margin, y + 10, SKTextAlign.Left, regular, ink);
                Text($"{doc.Title} {doc.Number}", Width - Margin, y + 10, SKTextAlign.Right, regular, muted);
                y += 36;
            }
            if (tableHeads) Heads();
        }

        void FirstPageTop()
        {
            // The seller block: logo top left, the company's name, address, tax id and contact at the right.
            var top = y;
            if (logo is not null)
            {
                var scale = Math.Min(LogoHeight / logo.Height, LogoWidth / logo.Width);
                var rect = SKRect.Create(Margin, top, logo.Width * scale, logo.Height * scale);
                Draw(k => k.DrawImage(logo, rect));
            }
            var blockRight = Width - Margin;
            var blockWidth = logo is null ? Width - 2 * Margin : Width - 2 * Margin - LogoWidth - 16;
            var at = top + 12;
            foreach (var part in Wrap(c.LegalName, heading, blockWidth))
            {
                Text(part, blockRight, at, SKTextAlign.Right, heading, ink);
                at += 16;
            }
            var details = c.AddressLines.ToList();
            if (c.TaxId is { } tax) details.Add(L("Pdf.TaxId", tax));
            var contact = string.Join(" · ", new[] { c.Phone, c.Email, c.Website }.Where(s => !string.IsNullOrWhiteSpace(s)));
            if (contact.Length > 0) details.Add(contact);
            foreach (var part in details.SelectMany(d => Wrap(d, regular, blockWidth)))
            {
                Text(part, blockRight, at, SKTextAlign.Right, regular, muted);
                at += Leading;
            }
            y = Math.Max(at, top + (logo is null ? 0 : LogoHeight)) + 20;
            Text(doc.Title, Margin, y + 20, SKTextAlign.Left, title, ink);
            y += 40;
            foreach (var (label, value) in doc.Facts)
            {
                Text(label, Margin, y, SKTextAlign.Left, regular, muted);
                foreach (var part in Wrap(value, regular, Width - 2 * Margin - 90))
                {
                    Text(part, Margin + 90, y, SKTextAlign.Left, regular, ink);
                    y += Leading;
                }
                y += Row - Leading;
            }
            y += 12;
        }

        NewPage(tableHeads: true);
        foreach (var line in doc.Lines)
        {
            var parts = Wrap(line.Description, regular, descriptionWidth);
            if (y + (parts.Count - 1) * Leading > Bottom) NewPage(tableHeads: true);
            string[] cells = [line.Quantity, Money(line.UnitPrice), line.DiscountPercent == 0 ? "—" : line.DiscountPercent.ToString("0.##", culture) + "%",
                line.TaxRatePercent is { } rate ? rate.ToString("0.##", culture) + "%" : "—", Money(line.Net)];
            for (var i = 0; i < cells.Length; i++) Text(cells[i], right[i], y, SKTextAlign.Right, regular, ink);
            foreach (var part in parts)
            {
                Text(part, Margin, y, SKTextAlign.Left, regular, ink);
                y += Leading;
            }
            y += Row - Leading;
        }

        // Totals per tax rate: net, tax and gross of the lines at each rate.
        var bands = doc.Lines.Where(l => l.TaxRatePercent is not null).GroupBy(l => l.TaxRatePercent!.Value).OrderBy(g => g.Key)
            .Select(g => (Rate: g.Key, Net: g.Sum(l => l.Net), Tax: g.Sum(l => l.Tax))).ToList();
        var needed = (bands.Count > 0 ? bands.Count + 2 : 0) * Row + doc.Totals.Count * Row + 8;
        if (y + needed > Bottom) NewPage(tableHeads: false);
        Line(Margin, Width - Margin, y - Row / 2);
        y += 4;
        if (bands.Count > 0)
        {
            float[] at = [Width - Margin - 240, Width - Margin - 160, Width - Margin - 80, Width - Margin];
            string[] bandHeads = [L("Pdf.TaxRate"), L("Pdf.NetAmount"), L("Pdf.Tax"), L("Pdf.Gross")];
            for (var i = 0; i < at.Length; i++) Text(bandHeads[i], at[i], y, SKTextAlign.Right, regular, muted);
            y += Row;
            foreach (var (rate, net, tax) in bands)
            {
                string[] cells = [rate.ToString("0.##", culture) + "%", Money(net), Money(tax), Money(net + tax)];
                for (var i = 0; i < at.Length; i++) Text(cells[i], at[i], y, SKTextAlign.Right, regular, ink);
                y += Row;
            }
            Line(Width - Margin - 300, Width - Margin, y - Row / 2);
            y += 4;
        }
        foreach (var total in doc.Totals)
        {
            var font = total.Strong ? bold : regular;
            Text(total.Label, Width - Margin - 130, y, SKTextAlign.Right, font, ink);
            Text($"{doc.Currency} {Money(total.Amount)}", Width - Margin, y, SKTextAlign.Right, font, ink);
            y += Row;
        }
        if (doc.Notes is { } notes)
        {
            y += Row;
            foreach (var part in Wrap(notes, regular, Width - 2 * Margin))
            {
                if (y > Bottom) NewPage(tableHeads: false);
                Text(part, Margin, y, SKTextAlign.Left, regular, muted);
                y += Leading;
            }
        }

        // The footer of every page: the bank details customers pay into, and where the page is in the document.
        var bank = new[] { (L("Pdf.Bank"), c.BankName), (L("Pdf.Account"), c.BankAccount), (L("Pdf.Swift"), c.BankSwift) }
            .Where(b => !string.IsNullOrWhiteSpace(b.Item2)).Select(b => L("Ui.FieldMessage", b.Item1, b.Item2!)).ToList();
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = $"{doc.Title} {doc.Number}", Author = c.LegalName, Creator = "Rapport", Creation = clock.GetUtcNow().UtcDateTime,
        }))
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = document.BeginPage(Width, Height);
                foreach (var step in pages[i]) step(canvas);
                var foot = Height - Margin + 4;
                canvas.DrawLine(Margin, foot - 14, Width - Margin, foot - 14, rule);
                var pageText = L("Pdf.PageOf", i + 1, pages.Count);
                var bankParts = Pack(bank, regular, Width - 2 * Margin - regular.MeasureText(pageText) - 24);
                for (var b = 0; b < bankParts.Count && b < 2; b++) canvas.DrawText(bankParts[b], Margin, foot + b * Leading, SKTextAlign.Left, regular, muted);
                canvas.DrawText(pageText, Width - Margin, foot, SKTextAlign.Right, regular, muted);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>Lines of <paramref name="items"/> side by side, a line breaking only between items (an account number
    /// stays on one line); an item wider than a whole line is wrapped on its own.</summary>
    internal static List<string> Pack(IEnumerable<string> items, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var item in items)
        {
            var joined = lines.Count == 0 ? item : lines[^1] + "   " + item;
            if (lines.Count > 0 && font.MeasureText(joined) <= width) lines[^1] = joined;
            else lines.AddRange(Wrap(item, font, width));
        }
        return lines;
    }

    /// <summary>Breaks a text into lines no wider than <paramref name="width"/>: at line breaks, at spaces between
    /// words, and between any two CJK characters (Chinese has no spaces); a word wider than a line breaks anywhere.</summary>
    internal static List<string> Wrap(string text, SKFont font, float width) => Wrap(text, s => font.MeasureText(s), width);

    internal static List<string> Wrap(string text, Func<string, float> measure, float width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            line.Clear();
            foreach (var (unit, spaced) in Units(paragraph))
            {
                var candidate = line.Length == 0 ? unit : line + (spaced ? " " : "") + unit;
                if (measure(candidate) <= width)
                {
                    line.Clear().Append(candidate);
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                var elements = StringInfo.GetTextElementEnumerator(unit);
                while (elements.MoveNext())
                {
                    var element = elements.GetTextElement();
                    if (line.Length > 0 && measure(line + element) > width)
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                    }
                    line.Append(element);
                }
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>The pieces a line may break between: words (with whether a space came before them) and single CJK characters.</summary>
    private static IEnumerable<(string Unit, bool Spaced)> Units(string paragraph)
    {
        var word = new StringBuilder();
        bool spaced = false, wordSpaced = false;
        var elements = StringInfo.GetTextElementEnumerator(paragraph);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (string.IsNullOrWhiteSpace(element))
            {
                if (word.Length > 0) { yield return (word.ToString(), wordSpaced); word.Clear(); }
                spaced = true;
            }
            else if (IsCjk(char.ConvertToUtf32(element, 0)))
            {
                if (word.Length > 0) { yield return (word.ToString(), wordSpaced); word.Clear(); spaced = false; }
                yield return (element, spaced);
                spaced = false;
            }
            else
            {
                if (word.Length == 0) (wordSpaced, spaced) = (spaced, false);
                word.Append(element);
            }
        }
        if (word.Length > 0) yield return (word.ToString(), wordSpaced);
    }

    private static bool IsCjk(int c) => c is >= 0x1100 and <= 0x11FF or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7AF
        or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFFEF or >= 0x20000 and <= 0x3FFFF;

    private static readonly Lock FontGate = new();
    private static (string? File, SKTypeface Typeface)? _font;

    /// <summary>The document font, loaded once (per configured file) as a <see cref="SubsettingCopy"/>; shared by every
    /// render and never disposed.</summary>
    internal SKTypeface Typeface()
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
