using System.Globalization;

namespace LongDoc.Documents.Readers.Ocr;

/// <summary>Renders PDF pages with poppler's pdftoppm and recognises image files with Tesseract, in a temporary folder.</summary>
static class OcrRunner
{
    const string PopplerInstall = "apt install poppler-utils";

    /// <summary>
    /// Renders page <paramref name="number"/> of the PDF file at <paramref name="dpi"/> to a grey PGM; returns its path.
    /// Uncompressed: pdftoppm spent a minute compressing one noisy scan to PNG, against a second for PGM.
    /// </summary>
    public static string Render(string pdfPath, int number, int dpi, string? password, OcrOptions options)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdfPath)!, $"page-{number}");
        var page = number.ToString(CultureInfo.InvariantCulture);
        List<string> args = ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", page, "-l", page, "-gray", "-singlefile"];
        if (password is not null) args.AddRange(["-upw", password]);
        args.AddRange([pdfPath, prefix]);
        var result = ToolProcess.Run(options.PdftoppmCommand, args, TimeSpan.FromSeconds(options.PageTimeoutSeconds), PopplerInstall);
        var pgm = prefix + ".pgm";
        if (result.ExitCode != 0 || !File.Exists(pgm))
            throw new InvalidDataException($"pdftoppm could not render it (exit code {result.ExitCode}: {result.Stderr.Trim().Split('\n')[^1]})");
        return pgm;
    }

    /// <summary>A fresh temporary folder, deleted by <see cref="Remove"/>.</summary>
    public static string TempFolder() => Directory.CreateTempSubdirectory("longdoc-ocr-").FullName;

    public static void Remove(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }   // a killed tool may still hold a file for a moment; the OS temp cleaner gets it
    }
}
