using System.IO.Compression;

namespace LongDoc.Documents.Readers.Docx;

/// <summary>
/// Checks an Office Open XML archive (DOCX, PPTX, XLSX) before OpenXML opens it: OpenXML trusts the zip and would inflate a bomb in full.
/// The declared sizes are checked first (cheap, catches honest bombs); then every entry is inflated once into a
/// counting sink, because a hostile archive can declare small sizes and inflate to gigabytes. (.NET's entry stream
/// currently stops at the declared size too; counting here keeps the bound ours rather than a runtime detail.)
/// </summary>
internal static class ZipGuard
{
    /// <summary>The part each package must hold, and what the package is called in errors.</summary>
    public sealed record Package(string MainPart, string Name);

    public static readonly Package Word = new("word/document.xml", "Word document");

    public static void Check(ReadOnlyMemory<byte> bytes, string source, ReadOptions options) => Check(bytes, source, options, Word);

    public static void Check(ReadOnlyMemory<byte> bytes, string source, ReadOptions options, Package package)
    {
        using var archive = Open(bytes, source, package);
        var entries = archive.Entries;
        if (entries.Count > options.MaxZipEntries)
            throw new DocumentReadException(source, $"zip archive has {entries.Count:N0} entries, over the limit of {options.MaxZipEntries:N0}");

        long declared = 0;
        bool hasMain = false;
        foreach (var e in entries)
        {
            hasMain |= string.Equals(e.FullName.TrimStart('/'), package.MainPart, StringComparison.OrdinalIgnoreCase);
            declared += e.Length;
            if (declared > options.MaxZipUncompressedBytes)
                throw new DocumentReadException(source, $"zip archive declares over {options.MaxZipUncompressedBytes:N0} uncompressed bytes (possible zip bomb)");
            CheckRatio(source, e.FullName, e.Length, e.CompressedLength, options);
        }
        if (!hasMain) throw new DocumentReadException(source, $"zip archive is not a {package.Name} (no {package.MainPart})");

        long inflated = 0;
        foreach (var e in entries)
        {
            long actual = Inflate(e, source, limit: Math.Min(e.Length, options.MaxZipUncompressedBytes - inflated));
            inflated += actual;
            CheckRatio(source, e.FullName, actual, e.CompressedLength, options);
        }
    }

    static ZipArchive Open(ReadOnlyMemory<byte> bytes, string source, Package package)
    {
        try
        {
            return new ZipArchive(AsStream(bytes), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new DocumentReadException(source, $"not a valid zip archive, so not a {package.Name} ({e.Message})", e);
        }
    }

    internal static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var seg) && seg.Array is not null
            ? new MemoryStream(seg.Array, seg.Offset, seg.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    static void CheckRatio(string source, string entry, long uncompressed, long compressed, ReadOptions options)
    {
        // Tiny entries compress absurdly well without being bombs (1 KiB of spaces): judge only entries over 1 MiB.
        if (uncompressed < (1 << 20)) return;
        double ratio = uncompressed / (double)Math.Max(compressed, 1);
        if (ratio > options.MaxZipCompressionRatio)
            throw new DocumentReadException(source, $"zip entry '{entry}' expands {ratio:N0}x, over the limit of {options.MaxZipCompressionRatio:N0}x (possible zip bomb)");
    }

    /// <summary>Inflates one entry, stopping one byte past <paramref name="limit"/>; returns the bytes it yields.</summary>
    static long Inflate(ZipArchiveEntry entry, string source, long limit)
    {
        var buffer = new byte[81920];
        long total = 0;
        try
        {
            using var s = entry.Open();
            int n;
            while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
                if (total > limit)
                    throw new DocumentReadException(source, $"zip entry '{entry.FullName}' inflates past its declared size or the archive limit (possible zip bomb)");
            }
        }
        catch (InvalidDataException e)
        {
            throw new DocumentReadException(source, $"zip entry '{entry.FullName}' is corrupt ({e.Message})", e);
        }
        return total;
    }
}
