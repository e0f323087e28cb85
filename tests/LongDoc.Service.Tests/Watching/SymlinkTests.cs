using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Watching;

/// <summary>
/// A real `longdoc watch` on an input folder holding symlinks to a folder elsewhere: nothing outside the input
/// folder is read or moved; links are skipped (logged once), or with Watch:FollowSymlinks followed only inside it.
/// </summary>
public sealed class SymlinkTests
{
    /// <summary>The folder beside IN: secret.md, and docs/ with inner.md and twin.md (twin.md has a.md's bytes).</summary>
    sealed class Elsewhere
    {
        public Elsewhere(WatchFolders f)
        {
            Folder = Path.Combine(f.Root, "elsewhere");
            Directory.CreateDirectory(Docs);
            File.WriteAllText(Secret, WatchFolders.Markdown(2));
            File.WriteAllText(Path.Combine(Docs, "inner.md"), WatchFolders.Markdown(3));
            File.WriteAllText(Path.Combine(Docs, "twin.md"), WatchFolders.Markdown(1));
        }

        public string Folder { get; }
        public string Docs => Path.Combine(Folder, "docs");
        public string Secret => Path.Combine(Folder, "secret.md");

        /// <summary>Every file still in place with its bytes.</summary>
        public void AssertUntouched()
        {
            Assert.Equal(WatchFolders.Markdown(2), File.ReadAllText(Secret));
            Assert.Equal(WatchFolders.Markdown(3), File.ReadAllText(Path.Combine(Docs, "inner.md")));
            Assert.Equal(WatchFolders.Markdown(1), File.ReadAllText(Path.Combine(Docs, "twin.md")));
        }
    }

    static int Count(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void SymlinksToFileAndFolderOutside_ByDefault_SkippedLoggedOnceNothingOutsideReadOrMoved()
    {
        using var f = new WatchFolders();
        var elsewhere = new Elsewhere(f);
        File.WriteAllText(Path.Combine(f.In, "a.md"), WatchFolders.Markdown(1));
        File.CreateSymbolicLink(Path.Combine(f.In, "x.md"), elsewhere.Secret);
        Directory.CreateSymbolicLink(Path.Combine(f.In, "linked"), elsewhere.Docs);

        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=true"));
        watch.WaitUntil(() => f.Processed.Length == 1, TimeSpan.FromSeconds(60), "a.md processed");
        Thread.Sleep(2500); // one more rescan (RescanSeconds=2) looks at the links again: they are not logged again
        watch.Kill9();

        Assert.Equal(["a.md.summary.md"], f.Summaries);
        Assert.Equal(["a.md"], f.Processed);
        Assert.False(Directory.Exists(Path.Combine(f.Out, "duplicates")));
        Assert.Single(f.Jobs());
        Assert.Equal(elsewhere.Secret, new FileInfo(Path.Combine(f.In, "x.md")).LinkTarget);
        Assert.Equal(elsewhere.Docs, new DirectoryInfo(Path.Combine(f.In, "linked")).LinkTarget);
        elsewhere.AssertUntouched();
        Assert.Equal(1, Count(watch.Stderr, "x.md: a symbolic link; not followed"));
        Assert.Equal(1, Count(watch.Stderr, "linked: a symbolic link; not followed"));
    }

    [Fact]
    public void FollowSymlinks_LinkInsideTakenUnderItsName_LinksOutsideRefused()
    {
        using var f = new WatchFolders();
        var elsewhere = new Elsewhere(f);
        // The target lives in a hidden (ignored) folder of IN: only the link brings it in.
        var original = Path.Combine(f.In, ".originals", "a.md");
        Directory.CreateDirectory(Path.GetDirectoryName(original)!);
        File.WriteAllText(original, WatchFolders.Markdown(1));
        File.CreateSymbolicLink(Path.Combine(f.In, "alias.md"), original);
        File.CreateSymbolicLink(Path.Combine(f.In, "out.md"), elsewhere.Secret);
        Directory.CreateSymbolicLink(Path.Combine(f.In, "linked"), elsewhere.Docs);

        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=true", "--Watch:FollowSymlinks=true"));
        watch.WaitUntil(() => f.Processed.Length == 1, TimeSpan.FromSeconds(60), "alias.md processed");
        Thread.Sleep(2500); // one more rescan
        watch.Kill9();

        Assert.Equal(["alias.md.summary.md"], f.Summaries);
        Assert.Contains("# Summary: Report 1", File.ReadAllText(Path.Combine(f.Out, "alias.md.summary.md")));
        // The link is what moved; its target stayed where it was.
        Assert.Equal(original, new FileInfo(Path.Combine(f.Out, "processed", "alias.md")).LinkTarget);
        Assert.Equal(WatchFolders.Markdown(1), File.ReadAllText(original));
        Assert.Single(f.Jobs());
        Assert.Equal(elsewhere.Secret, new FileInfo(Path.Combine(f.In, "out.md")).LinkTarget);
        Assert.Equal(elsewhere.Docs, new DirectoryInfo(Path.Combine(f.In, "linked")).LinkTarget);
        elsewhere.AssertUntouched();
        Assert.Equal(1, Count(watch.Stderr, $"out.md: a symbolic link to {elsewhere.Secret}, outside the input folder"));
    }
}
