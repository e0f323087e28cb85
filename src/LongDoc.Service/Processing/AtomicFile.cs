using System.Text;

namespace LongDoc.Service.Processing;

/// <summary>Writes a file so that readers see the old one or the whole new one, never a part: temp file in the same folder, flushed, renamed.</summary>
public static class AtomicFile
{
    /// <summary>Owner read and write only: the files of the state folder (uploads, documents).</summary>
    const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Task WriteAsync(string path, string content, CancellationToken ct) => WriteAsync(path, Encoding.UTF8.GetBytes(content), ct);

    public static Task WriteAsync(string path, byte[] content, CancellationToken ct) => WriteAsync(path, content, null, ct);

    /// <summary>As <see cref="WriteAsync(string, byte[], CancellationToken)"/>, readable by this user alone (mode 0600 on Unix).</summary>
    public static Task WritePrivateAsync(string path, string content, CancellationToken ct) => WritePrivateAsync(path, Encoding.UTF8.GetBytes(content), ct);

    public static Task WritePrivateAsync(string path, byte[] content, CancellationToken ct) => WriteAsync(path, content, Private, ct);

    static async Task WriteAsync(string path, byte[] content, UnixFileMode? mode, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous,
        };
        if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
        try
        {
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>, creating the folder and replacing what is there.</summary>
    public static void Move(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(from, to, overwrite: true);
    }
}
