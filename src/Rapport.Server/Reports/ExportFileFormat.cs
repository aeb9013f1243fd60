namespace Rapport.Server.Reports;

/// <summary>The file a background export writes: CSV (the default) or an Excel workbook.</summary>
public enum ExportFileFormat { Csv, Xlsx }

/// <summary>The <c>format</c> of an export request and what it means for the file.</summary>
internal static class ExportFileFormats
{
    /// <summary><c>csv</c> (also when left out) or <c>xlsx</c>, in any case; anything else is a 400 naming both.</summary>
    public static ExportFileFormat Parse(string? format) =>
        string.IsNullOrWhiteSpace(format) || string.Equals(format.Trim(), "csv", StringComparison.OrdinalIgnoreCase) ? ExportFileFormat.Csv
        : string.Equals(format.Trim(), "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFileFormat.Xlsx
        : throw RapportValidationException.For("format", "Validation.OneOf", "csv, xlsx");

    /// <summary>The file name's extension, which is also the format's name in the API.</summary>
    public static string Extension(this ExportFileFormat format) => format == ExportFileFormat.Xlsx ? "xlsx" : "csv";

    public static string ContentType(this ExportFileFormat format) => format == ExportFileFormat.Xlsx ? XlsxBook.ContentType : "text/csv; charset=utf-8";
}
