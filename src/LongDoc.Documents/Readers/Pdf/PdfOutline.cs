using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Tokens;

namespace LongDoc.Documents.Readers.Pdf;

/// <summary>One outline (bookmark) entry: its title, depth (0 = top) and target page when known.</summary>
sealed record PdfOutlineEntry(string Title, int Depth, int? Page);

/// <summary>
/// Reads the outline (bookmarks) after checking it is a finite tree. PdfPig 0.1.16 walks /First and /Next
/// recursively, and an outline item whose /First or /Next points back at itself overflows the stack, which
/// .NET cannot catch (the process dies). So the outline is first walked here, iteratively, with a visited set
/// and depth and size limits; only an outline that passes is handed to PdfPig.
/// </summary>
static class PdfOutline
{
    const int MaxDepth = 32;
    const int MaxItems = 20_000;
    const int MaxReferenceHops = 8;

    static readonly NameToken Outlines = NameToken.Create("Outlines");
    static readonly NameToken First = NameToken.Create("First");
    static readonly NameToken Next = NameToken.Create("Next");

    public static IReadOnlyList<PdfOutlineEntry> Read(PdfDocument pdf, Action<string> warn)
    {
        string? problem;
        try { problem = Check(pdf); }
        catch (Exception e) when (e is not OutOfMemoryException) { problem = $"cannot be walked ({e.GetType().Name})"; }
        if (problem is not null)
        {
            warn($"outline (bookmarks) ignored: {problem}");
            return [];
        }
        try
        {
            if (!pdf.TryGetBookmarks(out var bookmarks)) return [];
            return bookmarks.GetNodes()
                .Select(n => new PdfOutlineEntry(n.Title ?? "", n.Level, n is DocumentBookmarkNode d && d.PageNumber > 0 ? d.PageNumber : null))
                .Where(e => e.Title.Length > 0)
                .ToArray();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            warn($"outline (bookmarks) ignored: {e.GetType().Name}: {e.Message}");
            return [];
        }
    }

    /// <summary>Null when the outline is absent or a finite tree within the limits; else what is wrong.</summary>
    static string? Check(PdfDocument pdf)
    {
        var catalog = pdf.Structure.Catalog.CatalogDictionary;
        if (!catalog.TryGet(Outlines, out var rootToken)) return null;
        var (root, _) = Resolve(pdf, rootToken);
        if (root is not DictionaryToken rootDict) return null;

        var visited = new HashSet<IndirectReference>();
        // Each stack entry is the first child of an outline item still to be walked, with its depth.
        var pending = new Stack<(IToken Token, int Depth)>();
        if (rootDict.TryGet(First, out var firstToken)) pending.Push((firstToken, 1));
        int items = 0;
        while (pending.Count > 0)
        {
            var (token, depth) = pending.Pop();
            if (depth > MaxDepth) return $"nested deeper than {MaxDepth} levels";
            // Walk the sibling chain /Next by /Next; children are pushed for later.
            IToken? current = token;
            while (current is not null)
            {
                var (item, reference) = Resolve(pdf, current);
                if (reference is { } r && !visited.Add(r)) return $"item {r.ObjectNumber} {r.Generation} R is reached twice (a cycle)";
                if (item is not DictionaryToken dict) break;
                if (++items > MaxItems) return $"more than {MaxItems} items";
                if (dict.TryGet(First, out var child)) pending.Push((child, depth + 1));
                current = dict.TryGet(Next, out var next) ? next : null;
            }
        }
        return null;
    }

    // Follows indirect references (bounded: "6 0 obj 6 0 R" must not loop); returns the object and its first reference.
    static (IToken? Token, IndirectReference? Reference) Resolve(PdfDocument pdf, IToken token)
    {
        IndirectReference? first = null;
        for (int hop = 0; hop < MaxReferenceHops && token is IndirectReferenceToken r; hop++)
        {
            first ??= r.Data;
            token = pdf.Structure.GetObject(r.Data)?.Data!;
            if (token is null) return (null, first);
        }
        return token is IndirectReferenceToken ? (null, first) : (token, first);
    }
}
