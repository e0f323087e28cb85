using System.Text;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Service.Watching;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Watching;

/// <summary>What the watcher may read: regular files whose real path lies inside the input folder, opened without blocking.</summary>
public sealed class InputFolderTests : IDisposable
{
    readonly WatchFolders _f = new();

    string In(string name) => Path.Combine(_f.In, name);
    string Outside(string name) => Path.Combine(_f.Root, name);

    InputFolder Folder(bool follow) => new(Options.Create(new WatchOptions { Input = _f.In, Output = _f.Out, FollowSymlinks = follow }));

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Inspect_RegularFile_File()
    {
        File.WriteAllText(In("a.md"), "# A\n");
        Assert.Equal(EntryKind.File, Folder(follow: false).Inspect(In("a.md")).Kind);
    }

    [Fact]
    public void Inspect_FifoAndSocket_RefusedByType()
    {
        SpecialFiles.MakeFifo(In("f.txt"));
        using var socket = SpecialFiles.MakeSocket(In("s.sock"));
        var folder = Folder(follow: true);
        Assert.Equal(new InputEntry(EntryKind.Refused, "a FIFO, not a regular file; never opened"), folder.Inspect(In("f.txt")));
        Assert.Equal(new InputEntry(EntryKind.Refused, "a socket, not a regular file; never opened"), folder.Inspect(In("s.sock")));
    }

    [Fact]
    public void Inspect_SymlinkNotFollowed_Refused()
    {
        File.WriteAllText(In("a.md"), "# A\n");
        File.CreateSymbolicLink(In("alias.md"), In("a.md"));
        var entry = Folder(follow: false).Inspect(In("alias.md"));
        Assert.Equal(EntryKind.Refused, entry.Kind);
        Assert.Contains("FollowSymlinks is off", entry.Problem);
    }

    [Fact]
    public void Inspect_FollowedSymlinkInsideOrOutside_FileOrRefused()
    {
        Directory.CreateDirectory(In("sub"));
        File.WriteAllText(In(Path.Combine("sub", "a.md")), "# A\n");
        File.WriteAllText(Outside("secret.md"), "# Secret\n");
        File.CreateSymbolicLink(In("inside.md"), In(Path.Combine("sub", "a.md")));
        File.CreateSymbolicLink(In("outside.md"), Outside("secret.md"));
        var folder = Folder(follow: true);
        Assert.Equal(EntryKind.File, folder.Inspect(In("inside.md")).Kind);
        var outside = folder.Inspect(In("outside.md"));
        Assert.Equal(EntryKind.Refused, outside.Kind);
        Assert.Contains("outside the input folder", outside.Problem);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inspect_FileInSymlinkedFolder_RefusedEvenWhenFollowing(bool follow)
    {
        Directory.CreateDirectory(In("real"));
        File.WriteAllText(In(Path.Combine("real", "a.md")), "# A\n");
        Directory.CreateSymbolicLink(In("linked"), In("real"));
        var entry = Folder(follow).Inspect(In(Path.Combine("linked", "a.md")));
        Assert.Equal(EntryKind.Refused, entry.Kind);
        Assert.Contains("symlinked folder", entry.Problem);
    }

    [Fact]
    public async Task OpenRead_Fifo_RefusedAtOnceWithoutWaitingForAWriter()
    {
        SpecialFiles.MakeFifo(In("f.txt"));
        var open = Task.Run(() => Folder(follow: false).OpenRead(In("f.txt")));
        // A blocking open would wait for a writer forever; this one returns (with the refusal) at once.
        Assert.Same(open, await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(10))));
        var e = await Assert.ThrowsAsync<IOException>(() => open);
        Assert.Contains("a FIFO, not a regular file", e.Message);
    }

    [Fact]
    public void OpenRead_SymlinkNotFollowed_RefusedNothingRead()
    {
        File.WriteAllText(Outside("secret.md"), "# Secret\n");
        File.CreateSymbolicLink(In("x.md"), Outside("secret.md"));
        var e = Assert.Throws<IOException>(() => Folder(follow: false).OpenRead(In("x.md")));
        Assert.Contains("symbolic link", e.Message);
    }

    [Fact]
    public async Task HashAsync_RegularFile_Sha256OfItsBytes()
    {
        File.WriteAllText(In("a.md"), "# A\n");
        var (hash, identity) = await Folder(follow: false).HashAsync(In("a.md"), default);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("# A\n"))), hash);
        Assert.Equal(4, identity.Size);
    }
}
