using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LongDoc.Documents.Readers.Docx;

/// <summary>
/// Footnotes and endnotes. A reference in the body becomes a marker ("[1]" for footnotes, "[i]" for endnotes,
/// Word's default numbering) and queues the note; footnotes are emitted once their page is finished (they sit at
/// the page's foot), endnotes at the end of the document.
/// </summary>
internal sealed class DocxNotes
{
    readonly Dictionary<long, OpenXmlElement> _footnotes = [];
    readonly Dictionary<long, OpenXmlElement> _endnotes = [];
    readonly List<(string Text, int Page)> _pendingFootnotes = [];
    readonly List<string> _pendingEndnotes = [];
    readonly DocxText _text;
    int _footnoteCount, _endnoteCount;

    public DocxNotes(Footnotes? footnotes, Endnotes? endnotes)
    {
        _text = new DocxText(null, null);
        // Separator and continuation notes (w:type set) are the rule above the notes, not notes.
        foreach (var f in footnotes?.Elements<Footnote>() ?? [])
            if (f.Type is null && f.Id?.Value is { } id) _footnotes.TryAdd(id, f);
        foreach (var n in endnotes?.Elements<Endnote>() ?? [])
            if (n.Type is null && n.Id?.Value is { } id) _endnotes.TryAdd(id, n);
    }

    public string Footnote(long? id, int page)
    {
        if (id is not { } key || !_footnotes.TryGetValue(key, out var note)) return "";
        var marker = $"[{++_footnoteCount}]";
        _pendingFootnotes.Add(($"{marker} {Body(note)}", page));
        return marker;
    }

    public string Endnote(long? id)
    {
        if (id is not { } key || !_endnotes.TryGetValue(key, out var note)) return "";
        var marker = $"[{DocxNumbering.Roman(++_endnoteCount).ToLowerInvariant()}]";
        _pendingEndnotes.Add($"{marker} {Body(note)}");
        return marker;
    }

    /// <summary>Adds the footnotes of pages before <paramref name="page"/>.</summary>
    public void FlushBefore(int page, DocumentBuilder builder)
    {
        foreach (var (text, p) in _pendingFootnotes.Where(n => n.Page < page)) builder.AddFootnote(text, p);
        _pendingFootnotes.RemoveAll(n => n.Page < page);
    }

    public void FlushAll(DocumentBuilder builder)
    {
        FlushBefore(int.MaxValue, builder);
        int last = builder.PageCount;
        foreach (var text in _pendingEndnotes) builder.AddFootnote(text, last);
        _pendingEndnotes.Clear();
    }

    string Body(OpenXmlElement note) =>
        string.Join("\n", note.Elements<Paragraph>().Select(_text.Of).Where(t => t.Trim().Length > 0));
}
