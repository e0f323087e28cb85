using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Checks, before PdfPig opens a file, that no /Kids tree (name trees, number trees, structure trees) loops back
/// on itself. PdfPig 0.1.16 walks the named-destinations tree recursively while it opens the catalog, and a node
/// that lists itself among its /Kids overflows the stack, which kills the process (.NET cannot catch it).
/// The check scans the raw bytes for "N G obj" bodies, also inside Flate-compressed object streams, and runs an
/// iterative depth-first search over the /Kids edges. Page-tree nodes (/Type /Pages) are left out: PdfPig
/// already guards its page tree. Encrypted object streams cannot be inflated and are skipped: best effort.
/// </summary>
static partial class PdfGraphGuard
{
    const long MaxInflatedBytes = 256L << 20;   // all object streams together: a zip bomb must not get through here

    [GeneratedRegex(@"(\d+)\s+\d+\s+obj\b")]
    private static partial Regex ObjectRegex();
    [GeneratedRegex(@"/Kids\s*\[([^\]]*)\]")]
    private static partial Regex KidsRegex();
    [GeneratedRegex(@"(\d+)\s+\d+\s+R\b")]
    private static partial Regex ReferenceRegex();
    [GeneratedRegex(@"/Type\s*/Pages\b")]
    private static partial Regex PagesTypeRegex();
    [GeneratedRegex(@"/Type\s*/ObjStm\b")]
    private static partial Regex ObjectStreamRegex();
    [GeneratedRegex(@"/First\s+(\d+)")]
    private static partial Regex FirstOffsetRegex();

    /// <summary>Null when no /Kids cycle is found; else the problem, naming the object.</summary>
    public static string? FindKidsCycle(ReadOnlySpan<byte> bytes)
    {
        var kids = new Dictionary<int, List<int>>();
        long inflated = 0;
        var text = Encoding.Latin1.GetString(bytes);
        foreach (Match m in ObjectRegex().Matches(text))
        {
            int number = int.Parse(m.Groups[1].ValueSpan);
            int end = text.IndexOf("endobj", m.Index + m.Length, StringComparison.Ordinal);
            if (end < 0) end = text.Length;
            var body = text.AsSpan(m.Index + m.Length, end - m.Index - m.Length);
            int streamAt = body.IndexOf("stream", StringComparison.Ordinal);
            var dict = streamAt >= 0 ? body[..streamAt].ToString() : body.ToString();
            AddKids(kids, number, dict);
            if (streamAt >= 0 && ObjectStreamRegex().IsMatch(dict))
                ScanObjectStream(kids, dict, body[(streamAt + "stream".Length)..], ref inflated);
        }
        return FindCycle(kids);
    }

    static void AddKids(Dictionary<int, List<int>> kids, int number, string dict)
    {
        if (PagesTypeRegex().IsMatch(dict)) return;
        foreach (Match k in KidsRegex().Matches(dict))
            foreach (Match r in ReferenceRegex().Matches(k.Groups[1].Value))
            {
                if (!kids.TryGetValue(number, out var list)) kids[number] = list = [];
                list.Add(int.Parse(r.Groups[1].ValueSpan));
            }
    }

    // An object stream holds "num offset" pairs, then the objects from /First on; each object gets its slice.
    static void ScanObjectStream(Dictionary<int, List<int>> kids, string dict, ReadOnlySpan<char> afterKeyword, ref long inflated)
    {
        int end = afterKeyword.IndexOf("endstream", StringComparison.Ordinal);
        if (end < 0) return;
        var data = afterKeyword[..end].TrimStart("\r\n").ToString();
        string content;
        try
        {
            using var input = new ZLibStream(new MemoryStream(Encoding.Latin1.GetBytes(data)), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                inflated += read;
                if (inflated > MaxInflatedBytes) return;
                output.Write(buffer, 0, read);
            }
            content = Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (InvalidDataException) { return; }   // encrypted or another filter: nothing to check here
        var first = FirstOffsetRegex().Match(dict);
        if (!first.Success || !int.TryParse(first.Groups[1].ValueSpan, out int firstOffset) || firstOffset > content.Length) return;
        var header = content[..firstOffset].Split((char[])[' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var entries = new List<(int Number, int Offset)>();
        for (int i = 0; i + 1 < header.Length; i += 2)
            if (int.TryParse(header[i], out int n) && int.TryParse(header[i + 1], out int o)) entries.Add((n, o));
        for (int i = 0; i < entries.Count; i++)
        {
            int from = firstOffset + entries[i].Offset;
            int to = i + 1 < entries.Count ? firstOffset + entries[i + 1].Offset : content.Length;
            if (from < 0 || to > content.Length || from >= to) continue;
            AddKids(kids, entries[i].Number, content[from..to]);
        }
    }

    // Iterative three-colour DFS: a grey node met again is a cycle.
    static string? FindCycle(Dictionary<int, List<int>> kids)
    {
        var state = new Dictionary<int, byte>();   // 1 = on the current path, 2 = done
        foreach (var start in kids.Keys)
        {
            if (state.ContainsKey(start)) continue;
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var children = kids.TryGetValue(node, out var c) ? c : [];
                if (next < children.Count)
                {
                    stack.Push((node, next + 1));
                    int child = children[next];
                    if (state.TryGetValue(child, out var s))
                    {
                        if (s == 1) return $"the object graph has a cycle: object {child} is among its own /Kids (through object {node})";
                        continue;
                    }
                    state[child] = 1;
                    stack.Push((child, 0));
                }
                else state[node] = 2;
            }
        }
        return null;
    }
}
