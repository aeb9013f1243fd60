using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Rapport.Core.Knowledge;
using Rapport.Core.Reports;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rapport.Server.Reports;

/// <summary>An analysis document as Word or PDF: the title, then Summary, Background, Results (each chosen report's
/// name, chart and table, as <see cref="ReportExport"/> draws them), Issues, Recommendations and Conclusion, the
/// headings in the reader's language. Markdown in the text sections is printed as its plain text.</summary>
internal sealed class AnalysisExport(ReportExport reports, IStringLocalizer<SharedResource> text)
{
    /// <summary>The sections in the order they are printed; Results is where the reports go.</summary>
    private static readonly string[] Sections = ["Summary", "Background", "Results", "Issues", "Recommendations", "Conclusion"];

    private static string? Body(AnalysisDocumentDto d, string section) => section switch
    {
        "Summary" => d.Summary,
        "Background" => d.Background,
        "Issues" => d.Issues,
        "Recommendations" => d.Recommendations,
        "Conclusion" => d.Conclusion,
        _ => null,
    };

    private string Heading(string section) => text[$"Analysis.Section.{section}"];

    private static string Plain(string? markdown) => ArticleMarkdown.ToPlainText(markdown);

    public void Render(Stream output, ReportFileFormat format, AnalysisDocumentContent content)
    {
        if (format == ReportFileFormat.Docx) Docx(output, content);
        else Pdf(output, content);
    }

    public void Docx(Stream output, AnalysisDocumentContent content)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var body = new W.Body(ReportExport.DocxHeading(content.Document.Title, 32));
        uint picture = 0;
        foreach (var section in Sections)
        {
            body.Append(ReportExport.DocxHeading(Heading(section), 28));
            if (section == "Results")
            {
                foreach (var (name, result) in content.Results)
                {
                    body.Append(ReportExport.DocxHeading(name, 24));
                    body.Append(reports.DocxResult(main, result, ++picture));
                }
                continue;
            }
            foreach (var line in Plain(Body(content.Document, section)).Split('\n'))
                body.Append(new W.Paragraph(new W.Run(new W.Text(line.TrimEnd('\r')) { Space = SpaceProcessingModeValues.Preserve })));
        }
        body.Append(ReportExport.DocxLandscape());
        main.Document = new W.Document(body);
        main.Document.Save();
    }

    public void Pdf(Stream output, AnalysisDocumentContent content)
    {
        using var pages = new ReportPdfPages(output, reports.Typeface(), content.Document.Title);
        pages.Heading(content.Document.Title, 18);
        foreach (var section in Sections)
        {
            pages.Heading(Heading(section));
            if (section == "Results")
            {
                foreach (var (name, result) in content.Results)
                {
                    pages.Heading(name, 11);
                    reports.PdfResult(pages, result);
                }
                continue;
            }
            pages.Text(Plain(Body(content.Document, section)));
        }
    }
}
