using System.Text;

namespace LongDoc.Service.Processing;

/// <summary>Writes a file so that readers see the old one or the whole new one, never a part: temp file in the same folder, flushed, renamed.</summary>
public static class AtomicFile
{
    public static Task WriteAsync(string path, string content, CancellationToken ct) => WriteAsync(path, Encoding.UTF8.GetBytes(content), ct);

    public static async Task WriteAsync(string path, byte[] content, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
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
