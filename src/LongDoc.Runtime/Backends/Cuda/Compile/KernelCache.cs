using System.Security.Cryptography;
using System.Text;

namespace LongDoc.Runtime.Backends.Cuda.Compile;

/// <summary>
/// Compiled kernels on disk, keyed by (source hash, architecture, NVRTC version, options). Each entry is the
/// SHA-256 of its image followed by the image, so a truncated or corrupt file is detected, deleted and recompiled
/// rather than handed to the driver. Writes go to a temporary file renamed into place, so a crash or a second
/// process never leaves half an entry under the final name.
/// </summary>
public sealed class KernelCache(string directory)
{
    /// <summary>Overrides the default cache folder.</summary>
    public const string DirectoryVariable = "LONGDOC_KERNEL_CACHE";

    public string Directory { get; } = directory;

    /// <summary>$LONGDOC_KERNEL_CACHE, else $XDG_CACHE_HOME/longdoc/kernels, else ~/.cache/longdoc/kernels.</summary>
    public static string DefaultDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(configured)) return configured;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "longdoc", "kernels");
    }

    /// <summary>The entry's file name: readable parts plus a hash of everything that changes the output.</summary>
    public static string Key(KernelSource source, string architecture, string nvrtcVersion, IReadOnlyList<string> options)
    {
        var material = Encoding.UTF8.GetBytes(string.Join("\n", [source.Text, architecture, nvrtcVersion, .. options]));
        string hash = Convert.ToHexStringLower(SHA256.HashData(material))[..20];
        string stem = Path.GetFileNameWithoutExtension(source.FileName);
        string ext = architecture.StartsWith("sm_", StringComparison.Ordinal) ? "cubin" : "ptx";
        return $"{stem}-{architecture}-nvrtc{nvrtcVersion}-{hash}.{ext}";
    }

    /// <summary>The image stored under <paramref name="key"/>, or null when absent or corrupt (a corrupt entry is deleted).</summary>
    public byte[]? TryRead(string key)
    {
        string path = Path.Combine(Directory, key);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        if (bytes.Length > 32)
        {
            var image = bytes[32..];
            if (SHA256.HashData(image).AsSpan().SequenceEqual(bytes.AsSpan(0, 32))) return image;
        }
        TryDelete(path);
        return null;
    }

    public void Write(string key, byte[] image)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, key);
        string temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var f = File.Create(temp))
        {
            f.Write(SHA256.HashData(image));
            f.Write(image);
        }
        File.Move(temp, path, overwrite: true);
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
