using System.IO.Compression;

namespace LongDoc.Testing.Fuzzing;

/// <summary>
/// For zip containers (DOCX): one entry's uncompressed bytes mutated by a generic mutation, then the archive
/// written again, so the damage reaches the XML parser instead of stopping at the zip's CRC check.
/// </summary>
public static class ZipMutations
{
    public static readonly Dictionary<string, ByteMutations.Mutation> Docx = new(ByteMutations.Generic)
    {
        ["zip-entry"] = MutateEntry,
    };

    const int MaxEntryBytes = 16 << 20;

    static byte[] MutateEntry(byte[] zip, Random r)
    {
        var entries = new List<(string Name, byte[] Data)>();
        try
        {
            using var read = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var e in read.Entries)
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                var buffer = new byte[81920];
                for (int n; (n = s.Read(buffer)) > 0;)
                {
                    m.Write(buffer, 0, n);
                    if (m.Length > MaxEntryBytes) return ByteMutations.Generic["flip"](zip, r);   // an earlier mutation made a bomb
                }
                entries.Add((e.FullName, m.ToArray()));
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException) { return ByteMutations.Generic["flip"](zip, r); }
        if (entries.Count == 0) return ByteMutations.Generic["flip"](zip, r);
        int pick = r.Next(entries.Count);
        var generic = ByteMutations.Generic.Values.ToArray();
        entries[pick] = (entries[pick].Name, generic[r.Next(generic.Length)](entries[pick].Data, r));
        var output = new MemoryStream();
        using (var write = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                using var s = write.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(data);
            }
        return output.ToArray();
    }
}
