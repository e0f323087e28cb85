using System.Diagnostics;
using System.Globalization;

namespace LongDoc.Testing.Scans;

/// <summary>
/// Makes "scanned" versions of PDF pages: rendered with poppler's pdftoppm at a resolution, optionally with
/// Gaussian noise and a slight rotation (ImageMagick's convert), and wrapped into an image-only PDF (img2pdf).
/// </summary>
public static class ScanMaker
{
    /// <summary>How a page is degraded: none (a clean scan) or noise and skew.</summary>
    public sealed record Degradation(double Noise, double SkewDegrees)
    {
        public static readonly Degradation Clean = new(0, 0);
        public static readonly Degradation NoisySkewed = new(0.3, 1.2);
    }

    /// <summary>Page <paramref name="page"/> of <paramref name="pdf"/> as a grey PNG in <paramref name="folder"/>; returns its path.</summary>
    public static string RenderPage(string pdf, int page, int dpi, Degradation degradation, string folder)
    {
        var prefix = Path.Combine(folder, $"scan-{page}-{dpi}");
        var p = page.ToString(CultureInfo.InvariantCulture);
        Run("pdftoppm", ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", p, "-l", p, "-gray", "-png", "-singlefile", pdf, prefix]);
        var png = prefix + ".png";
        if (degradation == Degradation.Clean) return png;
        var noisy = prefix + "-noisy.png";
        Run("convert", [png, "-attenuate", degradation.Noise.ToString(CultureInfo.InvariantCulture), "+noise", "Gaussian",
            "-background", "white", "-rotate", degradation.SkewDegrees.ToString(CultureInfo.InvariantCulture), "-flatten",
            "-depth", "8", "-colorspace", "Gray", "-density", dpi.ToString(CultureInfo.InvariantCulture), "-units", "PixelsPerInch", noisy]);
        return noisy;
    }

    /// <summary>The PNGs as one image-only PDF (img2pdf keeps each image's resolution as its page size).</summary>
    public static string ToPdf(IReadOnlyList<string> pngs, string output)
    {
        Run("img2pdf", [.. pngs, "-o", output]);
        return output;
    }

    /// <summary>Whether the tools this class runs are installed.</summary>
    public static string? Missing() =>
        new[] { ("pdftoppm", "poppler-utils"), ("convert", "imagemagick"), ("img2pdf", "img2pdf") }
            .Where(t => !OnPath(t.Item1)).Select(t => $"{t.Item1} ({t.Item2})").FirstOrDefault();

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>Runs a tool to its end (<paramref name="minutes"/> at most); a non-zero exit is an exception with its stderr.</summary>
    public static void Run(string tool, IEnumerable<string> args, int minutes = 2)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(minutes))) { p.Kill(true); throw new TimeoutException($"{tool} ran over {minutes} minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed (exit code {p.ExitCode}): {stderr.Result.Trim()}");
    }
}
