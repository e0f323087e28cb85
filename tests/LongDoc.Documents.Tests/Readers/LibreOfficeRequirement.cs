using Xunit.Abstractions;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>
/// Whether LibreOffice (soffice) is on PATH. Under CI (CI=true, which .ci/run exports after installing LibreOffice)
/// a missing soffice fails the test: the legacy formats must be read on every CI run. Elsewhere xunit 2 has no
/// dynamic skip, so the test passes with a note in its output saying why nothing was converted.
/// </summary>
internal static class LibreOfficeRequirement
{
    static bool InCi => Environment.GetEnvironmentVariable("CI") is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    public static bool Available(ITestOutputHelper output)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "soffice")) || File.Exists(Path.Combine(dir, "libreoffice")));
        if (found) return true;
        if (InCi) Assert.Fail("CI requires LibreOffice (.ci/run installs libreoffice-writer-nogui, -calc-nogui, -impress-nogui)");
        output.WriteLine("LibreOffice (soffice) is not on PATH outside CI: nothing converted, nothing checked");
        return false;
    }
}
