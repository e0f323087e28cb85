using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Checks, before PdfPig opens a file, the two object graphs that PdfPig 0.1.16 walks by recursion without a
/// guard; a loop in either overflows the stack, which kills the process (.NET cannot catch it):
/// - references to references: an object whose whole body is "M G R" (or "[M G R]") is followed to M, then on
///   (DirectObjectFinder), so "5 0 obj 6 0 R endobj" and "6 0 obj 5 0 R endobj" recurse forever wherever either is
///   used (a /MediaBox, /Resources, /Contents, /Kids, /Parent, /Count, an outline, ...);
/// - /Kids trees other than the page tree (name trees, number trees, structure trees), walked while the catalog opens.
/// Both are checked over <see cref="PdfRawObjects"/> (every definition of every object, also in object streams) by
/// an iterative depth-first search: a cycle, or a path longer than <see cref="MaxDepth"/>, rejects the file.
/// Page-tree nodes (/Type /Pages) are left out of the /Kids graph: PdfPig already guards its page tree.
/// </summary>
static partial class PdfGraphGuard
{
    /// <summary>Longest reference chain or /Kids path accepted; real files have 1 and a few. PdfPig's own nesting
    /// limit is 256, and a long finite chain costs stack too (52,000 frames overflowed the main thread's 8 MB).</summary>
    public const int MaxDepth = 256;

    // Up to "]", or to ">" or the end where the array is not closed (PdfPig reads an unclosed array to the end of
    // its object: a fuzz finding).
    [GeneratedRegex(@"/Kids[\s\0]*\[([^\]>]*)")]
    private static partial Regex KidsRegex();
    [GeneratedRegex(@"(\d+)[\s\0]+\d+[\s\0]+R\b")]
    private static partial Regex ReferenceRegex();
    [GeneratedRegex(@"/Type[\s\0]*/Pages\b")]
    private static partial Regex PagesTypeRegex();
    // The whole body is one reference, bare or alone in an array (DirectObjectFinder follows both).
    [GeneratedRegex(@"^[\s\0]*(?:\[[\s\0]*)?(\d+)[\s\0]+\d+[\s\0]+R(?:[\s\0]*\])?[\s\0]*$")]
    private static partial Regex AliasRegex();
    [GeneratedRegex(@"%[^\r\n]*")]
    private static partial Regex CommentRegex();

    /// <summary>Null when both graphs are sound; else the problem, naming the objects.</summary>
    public static string? Check(IEnumerable<(int Number, string Head)> objects)
    {
        var aliases = new Dictionary<int, List<int>>();
        var kids = new Dictionary<int, List<int>>();
        foreach (var (number, head) in objects)
        {
            if (AliasRegex().Match(head.Contains('%') ? CommentRegex().Replace(head, " ") : head) is { Success: true } alias
                && int.TryParse(alias.Groups[1].ValueSpan, out int target))
                Add(aliases, number, target);
            if (PagesTypeRegex().IsMatch(head)) continue;
            foreach (Match k in KidsRegex().Matches(head))
                foreach (Match r in ReferenceRegex().Matches(k.Groups[1].Value))
                    if (int.TryParse(r.Groups[1].ValueSpan, out int kid)) Add(kids, number, kid);
        }
        return Describe(PdfGraphSearch.FindLoopOrDeepPath(aliases, MaxDepth), "refers to itself", "a chain of references to references")
            ?? Describe(PdfGraphSearch.FindLoopOrDeepPath(kids, MaxDepth), "is among its own /Kids", "a /Kids tree");
    }

    static void Add(Dictionary<int, List<int>> edges, int from, int to)
    {
        if (!edges.TryGetValue(from, out var list)) edges[from] = list = [];
        list.Add(to);
    }

    static string? Describe(PdfGraphSearch.Finding? finding, string itself, string deep) => finding switch
    {
        null => null,
        { IsLoop: true, Path: [var only] } => $"malformed PDF: object {only} {itself} (a cycle in the object graph)",
        { IsLoop: true } f => $"malformed PDF: object {f.Path[0]} {itself} through {Objects(f.Path.Skip(1))} (a cycle in the object graph)",
        var f => $"malformed PDF: {deep} deeper than {MaxDepth} from object {f.Path[0]}",
    };

    static string Objects(IEnumerable<int> path)
    {
        var list = path.ToList();
        var shown = string.Join(", ", list.Take(5)) + (list.Count > 5 ? $" and {list.Count - 5} more" : "");
        return (list.Count == 1 ? "object " : "objects ") + shown;
    }
}
