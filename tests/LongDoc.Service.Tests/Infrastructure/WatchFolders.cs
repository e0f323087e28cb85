using LongDoc.Service.Jobs;

namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>IN, OUT and STATE folders of one watch test, with the checks every test makes on them.</summary>
public sealed class WatchFolders : IDisposable
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("longdoc-watch-");

    public WatchFolders()
    {
        Directory.CreateDirectory(In);
        Directory.CreateDirectory(Out);
    }

    public string In => Path.Combine(_root.FullName, "in");
    public string Out => Path.Combine(_root.FullName, "out");
    public string State => Path.Combine(_root.FullName, "state");
    public string Root => _root.FullName;

    /// <summary>Arguments of `longdoc watch` on these folders, fast timings for tests, plus <paramref name="extra"/>.</summary>
    public string[] Args(params string[] extra) =>
    [
        "watch", In, "--out", Out, "--state", State, "--Watch:StableSeconds=0.3", "--Watch:RescanSeconds=2",
        "--Jobs:LeaseSeconds=2", "--Jobs:RetrySeconds=0.5", "--Jobs:PollSeconds=0.2", .. extra,
    ];

    /// <summary>Markdown files with distinct content: file i mentions its own number.</summary>
    public static string Markdown(int i) => $"# Report {i}\n\nThis is document number {i}. It exists to be summarized.\n\n## Details {i}\n\nMore text for {i}.\n";

    public string[] Files(string folder, string pattern) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order()] : [];

    public string[] Summaries => [.. Files(Out, "*.summary.md").Where(f => !f.StartsWith("processed") && !f.StartsWith("failed"))];
    public string[] Processed => Files(Path.Combine(Out, "processed"), "*");
    public string[] LeftInInput => Files(In, "*");
    public string[] TempFiles => Files(Out, "*.tmp");

    /// <summary>An executable shell script in the root folder (a stand-in for the extraction command).</summary>
    public string Script(string name, string body)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return path;
    }

    public IReadOnlyList<Job> Jobs()
    {
        using var store = new SqliteJobStore(Path.Combine(State, "jobs.db"));
        return store.ListAsync(100_000).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _root.Delete(recursive: true); } catch (IOException) { }
    }
}
