using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>samples/longdoc.service runs the service locked down (README "Security").</summary>
public class SystemdUnitTests
{
    static readonly string Unit = Path.Combine(AppContext.BaseDirectory, "samples", "longdoc.service");

    static Dictionary<string, string> Directives() => File.ReadAllLines(Unit)
        .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('[') && l.Contains('='))
        .Select(l => l.Split('=', 2)).GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    [Theory]
    [InlineData("NoNewPrivileges", "true")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ProtectHome", "true")]
    [InlineData("PrivateTmp", "true")]
    [InlineData("UMask", "0077")]
    [InlineData("StateDirectoryMode", "0700")]
    [InlineData("CapabilityBoundingSet", "")]
    [InlineData("Type", "notify")]
    public void SampleUnit_Directive_HasTheLockedDownValue(string key, string value)
    {
        var d = Directives();
        Assert.True(d.ContainsKey(key), $"{Unit}: no {key}=");
        Assert.Equal(value, d[key]);
    }

    [Fact]
    public void SampleUnit_ReadWritePaths_AreOnlyStateAndWatchedFolders()
    {
        var paths = Directives()["ReadWritePaths"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["/var/lib/longdoc", "/srv/longdoc"], paths);
        Assert.Contains("/var/lib/longdoc", Directives()["Environment"] + File.ReadAllText(Unit));
    }

    [Fact]
    public void SampleUnit_SystemdSecurityAnalysis_RatesExposureBelowMedium()
    {
        Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is missing (Debian package systemd; .ci/run installs it)");
        var psi = new ProcessStartInfo("/usr/bin/systemd-analyze", ["security", "--offline=true", Unit]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        var m = Regex.Match(output, @"Overall exposure level for \S+: (\d+\.\d)");
        Assert.True(m.Success, output);
        Assert.True(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 5.0, m.Value);
    }
}
