using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>The state folder and what LongDoc writes in it are readable by the service's user alone.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StateFolderModeTests
{
    const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Serve_NewStateFolder_0700WithDatabaseAndDocuments0600()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var id = await ApiServer.UploadAsync(client, "p.md", "# Private\n\nNot for others.\n");
        await ApiServer.WaitForAsync(client, id, "done");
        Assert.Equal(Folder, File.GetUnixFileMode(server.StateFolder));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(Path.Combine(server.StateFolder, "jobs.db")));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(Path.Combine(server.StateFolder, "documents", $"{id}.longdoc.json")));
    }

    [Fact]
    public async Task Serve_ExistingWorldReadableStateFolder_Tightened()
    {
        var state = Directory.CreateTempSubdirectory("longdoc-state-");
        File.SetUnixFileMode(state.FullName, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await using (var server = await ApiServer.StartAsync(new() { ["Jobs:StateFolder"] = state.FullName }))
            Assert.Equal(Folder, File.GetUnixFileMode(state.FullName));
        state.Delete(recursive: true);
    }

    [Fact]
    public async Task WritePrivate_NewFile_0600()
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-atomic-");
        var path = Path.Combine(dir.FullName, "a.json");
        await AtomicFile.WritePrivateAsync(path, "{}", CancellationToken.None);
        Assert.Equal(PrivateFile, File.GetUnixFileMode(path));
        dir.Delete(recursive: true);
    }
}
