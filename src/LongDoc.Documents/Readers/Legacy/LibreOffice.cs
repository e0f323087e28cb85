using System.Diagnostics;

namespace LongDoc.Documents.Readers.Legacy;

/// <summary>
/// Converts one file with LibreOffice headless (<c>soffice --headless --convert-to</c>) in a child process: a private
/// temporary folder holds the input, the output and LibreOffice's own profile (so conversions never share or touch
/// the user's profile and can run side by side); the process tree is killed at the time limit; the folder is removed.
/// </summary>
internal static class LibreOffice
{
    static readonly string[] Names = ["soffice", "libreoffice"];

    public static byte[] Convert(ReadOnlyMemory<byte> bytes, string source, LegacyFormat format, ReadOptions options)
    {
        var soffice = Find(options.LibreOfficePath) ?? throw new DocumentReadException(source,
            $"reading {format.Extension} files needs LibreOffice, which is not installed: install the Debian package {format.DebianPackage} (apt-get install {format.DebianPackage})");
        var folder = Directory.CreateTempSubdirectory("longdoc-convert-");
        try
        {
            var input = Path.Combine(folder.FullName, "document" + format.Extension);
            var output = Path.Combine(folder.FullName, "out");
            File.WriteAllBytes(input, bytes.ToArray());
            Run(soffice, source, options.ConversionTimeout,
                "-env:UserInstallation=" + new Uri(Path.Combine(folder.FullName, "profile")).AbsoluteUri,
                "--headless", "--norestore", "--nologo", "--nolockcheck", "--nodefault",
                "--convert-to", format.Target, "--outdir", output, input);
            var converted = new FileInfo(Path.Combine(output, "document." + format.Target));
            if (!converted.Exists)
                throw new DocumentReadException(source, $"LibreOffice could not convert it to .{format.Target} (damaged, encrypted or not really {format.Extension})");
            if (converted.Length > options.MaxInputBytes)
                throw new DocumentReadException(source, $"converted file is {converted.Length:N0} bytes, over the limit of {options.MaxInputBytes:N0}");
            return File.ReadAllBytes(converted.FullName);
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    static void Run(string soffice, string source, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(soffice) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new DocumentReadException(source, $"LibreOffice ({soffice}) did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            throw new DocumentReadException(source, $"LibreOffice did not convert it within {timeout.TotalSeconds:N0} s (stopped)");
        }
        Task.WaitAll(stdout, stderr);
        if (process.ExitCode != 0)
            throw new DocumentReadException(source, $"LibreOffice failed with exit code {process.ExitCode}: {LastLine(stderr.Result)}");
    }

    /// <summary>The configured soffice when it exists, else the first of soffice/libreoffice on PATH, else null.</summary>
    static string? Find(string? configured)
    {
        if (configured is not null) return File.Exists(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }

    static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no message)";
}
