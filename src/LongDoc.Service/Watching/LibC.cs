using System.Runtime.InteropServices;

namespace LongDoc.Service.Watching;

/// <summary>
/// The Linux calls the watcher needs that .NET does not expose: open(2) that neither blocks on a FIFO nor follows a
/// final symlink, statx(2) for the file type of a path or an open descriptor, and realpath(3).
/// </summary>
internal static partial class LibC
{
    const string Lib = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    const uint StatxBasicStats = 0x7ff;

    const int ORdOnly = 0, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;
    // O_NOFOLLOW is one of the few flags whose value differs between Linux architectures.
    static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>Read-only, non-blocking (a FIFO opens at once), no controlling terminal, not inherited by children.</summary>
    public static int ReadFlags(bool followLink) => ORdOnly | ONonBlock | ONoCtty | OCloExec | (followLink ? 0 : ONoFollow);

    public const int ENoEnt = 2, EAcces = 13, ENotDir = 20, ELoop = 40;

    [LibraryImport(Lib, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Lib, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(Lib, EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport(Lib, EntryPoint = "free")]
    private static partial void Free(nint pointer);

    /// <summary>statx of <paramref name="path"/> (relative to <paramref name="dirFd"/>); null with the errno when it fails.</summary>
    public static StatxBuffer? Stat(int dirFd, string path, int flags) => Statx(dirFd, path, flags, StatxBasicStats, out var b) == 0 ? b : null;

    /// <summary>The canonical path (every symlink resolved); null when some part is missing.</summary>
    public static string? Resolve(string path)
    {
        var p = RealPath(path, 0);
        if (p == 0) return null;
        try { return Marshal.PtrToStringUTF8(p); }
        finally { Free(p); }
    }

    /// <summary>struct statx (256 bytes, the same layout on every architecture); only the fields the watcher reads.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public long Size;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }
}
