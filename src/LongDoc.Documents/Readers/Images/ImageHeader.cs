using System.Buffers.Binary;

namespace LongDoc.Documents.Readers.Images;

/// <summary>What an image's header says: its type (and the file extension Tesseract expects), first page size and page count.</summary>
sealed record ImageInfo(string Kind, string Extension, int Width, int Height, int Pages);

/// <summary>
/// Reads PNG, JPEG and TIFF headers without decoding pixels, so that an image too large to decode (a decompression
/// bomb: a small file that claims 30000 x 30000 pixels) or a TIFF of thousands of pages is refused before any
/// tool sees it. Every TIFF page (IFD) is checked, and a loop in the IFD chain ends the walk.
/// </summary>
static class ImageHeader
{
    static readonly (byte[] Magic, string Kind)[] Magics =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "PNG"),
        ([0xFF, 0xD8, 0xFF], "JPEG"),
        ([(byte)'I', (byte)'I', 42, 0], "TIFF"),
        ([(byte)'M', (byte)'M', 0, 42], "TIFF"),
    ];

    const ushort TiffWidth = 256, TiffHeight = 257, TiffShort = 3, TiffLong = 4;

    /// <summary>The image type named by the magic bytes at the start, or null.</summary>
    public static string? Kind(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, kind) in Magics)
            if (head.StartsWith(magic)) return kind;
        return null;
    }

    /// <summary>The header's facts, checked against the limits; a problem is an <see cref="InvalidDataException"/> saying what.</summary>
    public static ImageInfo Read(ReadOnlySpan<byte> bytes, long maxPixels, int maxPages)
    {
        var info = Kind(bytes) switch
        {
            "PNG" => Png(bytes),
            "JPEG" => Jpeg(bytes),
            "TIFF" => Tiff(bytes, maxPixels, maxPages),
            _ => throw new InvalidDataException("not a PNG, JPEG or TIFF image"),
        };
        CheckSize(info.Width, info.Height, maxPixels, info.Kind);
        return info;
    }

    static void CheckSize(long width, long height, long maxPixels, string kind)
    {
        if (width <= 0 || height <= 0) throw new InvalidDataException($"the {kind} header gives an empty size ({width} x {height} pixels)");
        if (width * height > maxPixels)
            throw new InvalidDataException($"the {kind} is {width} x {height} pixels ({width * height:N0}), over the limit of {maxPixels:N0}; refused before decoding");
    }

    // Signature, then the IHDR chunk: length, "IHDR", width and height big-endian.
    static ImageInfo Png(ReadOnlySpan<byte> b)
    {
        if (b.Length < 24 || !b[12..16].SequenceEqual("IHDR"u8)) throw new InvalidDataException("a damaged PNG (no IHDR header)");
        return new ImageInfo("PNG", ".png", (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(b[16..])),
            (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32BigEndian(b[20..])), 1);
    }

    // Marker segments after SOI; a start-of-frame (SOF0-15 except DHT, JPG, DAC) holds height and width.
    static ImageInfo Jpeg(ReadOnlySpan<byte> b)
    {
        int i = 2;
        while (i + 9 < b.Length)
        {
            if (b[i] != 0xFF) throw new InvalidDataException("a damaged JPEG (no marker where one should be)");
            byte marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; }   // fill byte
            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
                return new ImageInfo("JPEG", ".jpg", BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]), 1);
            if (marker == 0xDA || length < 2) break;   // image data before any frame header
            i += 2 + length;
        }
        throw new InvalidDataException("a damaged JPEG (no frame header)");
    }

    static ImageInfo Tiff(ReadOnlySpan<byte> b, long maxPixels, int maxPages)
    {
        bool little = b[0] == 'I';
        var seen = new HashSet<uint>();
        int pages = 0, firstWidth = 0, firstHeight = 0;
        for (uint ifd = U32(b, little, 4); ifd != 0; )
        {
            if (!seen.Add(ifd)) throw new InvalidDataException("a damaged TIFF (its page list loops)");
            if (++pages > maxPages) throw new InvalidDataException($"the TIFF has more than {maxPages:N0} pages, over the limit");
            int at = (int)Math.Min(ifd, int.MaxValue), count = U16(b, little, at);
            long width = 0, height = 0;
            for (int e = 0; e < count; e++)
            {
                int entry = at + 2 + 12 * e;
                ushort tag = U16(b, little, entry), type = U16(b, little, entry + 2);
                long value = type == TiffShort ? U16(b, little, entry + 8) : type == TiffLong ? U32(b, little, entry + 8) : 0;
                if (tag == TiffWidth) width = value;
                else if (tag == TiffHeight) height = value;
            }
            CheckSize(width, height, maxPixels, $"TIFF page {pages}");
            if (pages == 1) (firstWidth, firstHeight) = ((int)width, (int)height);
            ifd = U32(b, little, at + 2 + 12 * count);
        }
        return new ImageInfo("TIFF", ".tif", firstWidth, firstHeight, pages);
    }

    static uint U32(ReadOnlySpan<byte> b, bool little, int at) => at >= 0 && at + 4 <= b.Length
        ? (little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..])) : throw Truncated();

    static ushort U16(ReadOnlySpan<byte> b, bool little, int at) => at >= 0 && at + 2 <= b.Length
        ? (little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..])) : throw Truncated();

    static InvalidDataException Truncated() => new("a damaged TIFF (truncated header)");
}
