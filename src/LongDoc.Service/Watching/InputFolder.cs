using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace LongDoc.Service.Watching;

/// <summary>What a path under the input folder is, as far as the watcher is concerned.</summary>
public enum EntryKind { Gone, Folder, File, Refused }

/// <summary>The kind of an entry; a refused one carries the reason (logged once, the entry left alone).</summary>
public readonly record struct InputEntry(EntryKind Kind, string? Problem = null);

/// <summary>Which file a descriptor or path is: same device, inode, size and mtime means the bytes read are still there.</summary>
public readonly record struct FileIdentity(uint DevMajor, uint DevMinor, ulong Inode, long Size, long MtimeSeconds, uint MtimeNanoseconds)
{
    internal static FileIdentity Of(LibC.StatxBuffer s) => new(s.DevMajor, s.DevMinor, s.Inode, s.Size, s.MtimeSeconds, s.MtimeNanoseconds);
}

/// <summary>
/// The watcher reads only regular files whose real path lies inside the input folder (see the project README,
/// "Watcher"). A symlink is refused, or with Watch:FollowSymlinks read through when its target is a regular file
/// inside the folder; a path through a symlinked folder is always refused; a FIFO, socket or device is never
/// opened. <see cref="Inspect"/> decides from the path; <see cref="OpenRead"/> checks the opened descriptor again,
/// so a file swapped for a FIFO or a symlink between the two is refused, never read and never waited on.
/// </summary>
public sealed class InputFolder
{
    const int TypeMask = 0xF000, Regular = 0x8000, Directory = 0x4000, Link = 0xA000;

    /// <summary>File types the watcher never opens, as the refusal names them.</summary>
    static readonly Dictionary<int, string> SpecialTypes = new()
    {
        [0x1000] = "a FIFO", [0x2000] = "a character device", [0x6000] = "a block device", [0xC000] = "a socket",
    };

    readonly string _input;
    readonly string _real;
    readonly bool _follow;

    public InputFolder(IOptions<WatchOptions> options)
    {
        _input = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.Input));
        _real = LibC.Resolve(_input) ?? _input;
        _follow = options.Value.FollowSymlinks;
    }

    public string Relative(string path) => Path.GetRelativePath(_input, path);

    /// <summary>Where the path would be with no symlink along it: the input folder's real path plus the relative part.</summary>
    string Expected(string path) => Path.GetFullPath(Path.Combine(_real, Relative(path)));

    bool Inside(string real) => real.StartsWith(_real + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Looks at the entry itself (lstat) and at the folders above it; opens nothing.</summary>
    public InputEntry Inspect(string path)
    {
        if (LibC.Stat(LibC.AtFdCwd, path, LibC.AtSymlinkNoFollow) is not { } s) return new(EntryKind.Gone);
        var type = s.Mode & TypeMask;
        if (type == Directory) return new(EntryKind.Folder);
        var folder = Path.GetDirectoryName(path)!;
        if (LibC.Resolve(folder) is not { } realFolder) return new(EntryKind.Gone);
        if (realFolder != Path.GetDirectoryName(Expected(path)))
            return new(EntryKind.Refused, $"lies in a symlinked folder (its real folder is {realFolder}); symlinked folders are never entered");
        if (type == Regular) return new(EntryKind.File);
        if (type != Link) return new(EntryKind.Refused, $"{SpecialTypes.GetValueOrDefault(type, "an unknown file type")}, not a regular file; never opened");
        if (!_follow) return new(EntryKind.Refused, "a symbolic link; not followed (Watch:FollowSymlinks is off)");
        if (LibC.Resolve(path) is not { } target) return new(EntryKind.Refused, "a symbolic link to nothing");
        if (!Inside(target)) return new(EntryKind.Refused, $"a symbolic link to {target}, outside the input folder; not followed");
        return LibC.Stat(LibC.AtFdCwd, target, LibC.AtSymlinkNoFollow) is { } t && (t.Mode & TypeMask) == Regular
            ? new(EntryKind.File)
            : new(EntryKind.Refused, $"a symbolic link to {target}, which is not a regular file");
    }

    /// <summary>
    /// Opens the file for reading without blocking, then checks the descriptor: a regular file whose real path is
    /// where the path says (or, through a followed symlink, inside the folder). FileNotFoundException when gone;
    /// IOException naming the problem otherwise.
    /// </summary>
    public (FileStream Stream, FileIdentity Identity) OpenRead(string path)
    {
        var fd = LibC.Open(path, LibC.ReadFlags(_follow));
        if (fd < 0) throw OpenError(path, Marshal.GetLastPInvokeError());
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var s = LibC.Stat(fd, "", LibC.AtEmptyPath) ?? throw new IOException($"{path}: cannot stat the open file: {Marshal.GetLastPInvokeErrorMessage()}");
            var type = s.Mode & TypeMask;
            if (type != Regular) throw new IOException($"{path}: {SpecialTypes.GetValueOrDefault(type, "an unknown file type")}, not a regular file; not read");
            var real = new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? "";
            var confined = _follow ? Inside(real) && Inspect(path).Kind == EntryKind.File : real == Expected(path);
            if (!confined) throw new IOException($"{path}: its real path is {real}, not {Expected(path)}; not read");
            return (new FileStream(handle, FileAccess.Read, 1 << 16), FileIdentity.Of(s));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>SHA-256 of the bytes now at <paramref name="path"/>, read through <see cref="OpenRead"/>, and the file read.</summary>
    public async Task<(string Hash, FileIdentity Identity)> HashAsync(string path, CancellationToken ct)
    {
        var (stream, identity) = OpenRead(path);
        await using (stream) return (Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct)), identity);
    }

    /// <summary>The identity of the file the path leads to now (through a symlink when following); null when gone.</summary>
    public FileIdentity? Identify(string path) =>
        LibC.Stat(LibC.AtFdCwd, path, _follow ? 0 : LibC.AtSymlinkNoFollow) is { } s ? FileIdentity.Of(s) : null;

    /// <summary>True when both paths lead to one file (a followed symlink and its target, or two hard links).</summary>
    public static bool SameFile(string a, string b) =>
        LibC.Stat(LibC.AtFdCwd, a, 0) is { } x && LibC.Stat(LibC.AtFdCwd, b, 0) is { } y
        && (x.DevMajor, x.DevMinor, x.Inode) == (y.DevMajor, y.DevMinor, y.Inode);

    static Exception OpenError(string path, int errno) => errno switch
    {
        LibC.ENoEnt or LibC.ENotDir => new FileNotFoundException($"{path}: gone", path),
        LibC.EAcces => new UnauthorizedAccessException($"{path}: permission denied"),
        LibC.ELoop => new IOException($"{path}: a symbolic link; not followed (Watch:FollowSymlinks is off)"),
        _ => new IOException($"{path}: cannot open: {Marshal.GetPInvokeErrorMessage(errno)}"),
    };
}
