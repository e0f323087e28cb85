using System.Diagnostics;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>
/// An extraction child blocked in a read (a FIFO with no writer) stops once its standard input ends — what a parent
/// killed with -9 leaves it — when the service asked for that; a plain `longdoc extract` is not affected.
/// </summary>
public sealed class ParentWatchTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-parentwatch-");

    public void Dispose() => _dir.Delete(recursive: true);

    string Fifo()
    {
        var path = Path.Combine(_dir.FullName, "blocked.txt");
        using var mk = Process.Start("mkfifo", [path]);
        mk.WaitForExit();
        Assert.Equal(0, mk.ExitCode);
        return path;
    }

    static Process StartExtract(string path, bool exitWithParent)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "longdoc.dll"));
        psi.ArgumentList.Add("extract");
        psi.ArgumentList.Add(path);
        if (exitWithParent) psi.Environment["LONGDOC_EXIT_WITH_PARENT"] = "1";
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task ExtractChild_StdinEndsWhileBlockedOnFifo_ExitsNamingTheParent()
    {
        using var child = StartExtract(Fifo(), exitWithParent: true);
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            Assert.False(child.WaitForExit(TimeSpan.FromSeconds(3)), "the child should be blocked opening the FIFO");
            child.StandardInput.Close();
            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), "the child outlived its parent's end of stdin");
            Assert.Equal(130, child.ExitCode);
            Assert.Contains("parent process is gone", await stderr);
        }
        finally
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void PlainExtract_StdinEnds_KeepsRunning()
    {
        using var child = StartExtract(Fifo(), exitWithParent: false);
        try
        {
            child.StandardInput.Close();
            Assert.False(child.WaitForExit(TimeSpan.FromSeconds(4)), "a user's `longdoc extract < /dev/null` must not stop at the end of stdin");
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
    }
}
