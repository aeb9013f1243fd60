using System.Diagnostics;

namespace Rapport.Server.Tests.Infrastructure;

/// <summary>The text of a PDF as poppler's <c>pdftotext</c> reads it: what a customer's PDF reader would find.</summary>
public static class PdfText
{
    public static async Task<string> ReadAsync(byte[] pdf, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rapport-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf, ct);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"]) { RedirectStandardOutput = true })!;
            var text = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0) throw new InvalidOperationException($"pdftotext exited with {process.ExitCode}");
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
