using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace LongDoc.Documents.Readers.Pptx;

/// <summary>
/// One slide into blocks on its page: the title as a level-1 heading, then text boxes, tables and groups in reading
/// order (rows top to bottom; shapes whose tops lie within half the row's first shape's height, and at most
/// <see cref="RowTolerance"/>, form one row, read left to right), then the
/// speaker notes under a level-2 "Speaker notes" heading.
/// </summary>
internal sealed class PptxSlide(SlidePart part, int number, DocumentBuilder builder, string source)
{
    /// <summary>Groups nested deeper than this are hostile, not slides.</summary>
    public const int MaxGroupDepth = 64;
    public const string NotesHeading = "Speaker notes";
    public const string HiddenMark = " (hidden slide)";
    /// <summary>A quarter inch in EMU: tops further apart than this are never one row of the slide.</summary>
    const long RowTolerance = 228_600;

    readonly PptxPlacement _placement = new(part);
    readonly List<string> _title = [];

    /// <summary>A shape in reading order; <c>Text</c> is set for plain text boxes (no placeholder), which may stand in for a missing title.</summary>
    sealed record Item(Box At, int Seq, Action Emit, P.Shape? Text = null);

    /// <summary>A lone text box at least this large (hundredths of a point) is a title when the slide has no title placeholder.</summary>
    const int LoneTitleSize = 2800;

    public bool Hidden { get; private set; }
    public int Images { get; private set; }

    static readonly HashSet<P.PlaceholderValues> TitleTypes = [P.PlaceholderValues.Title, P.PlaceholderValues.CenteredTitle];
    static readonly HashSet<P.PlaceholderValues> BulletTypes = [P.PlaceholderValues.Body, P.PlaceholderValues.Object];
    static readonly HashSet<P.PlaceholderValues> SkippedTypes = [P.PlaceholderValues.DateAndTime, P.PlaceholderValues.SlideNumber, P.PlaceholderValues.SlideImage];
    static readonly Dictionary<P.PlaceholderValues, BlockKind> FurnitureTypes = new()
    {
        [P.PlaceholderValues.Header] = BlockKind.Header, [P.PlaceholderValues.Footer] = BlockKind.Footer,
    };

    public void Read()
    {
        var slide = part.Slide;
        Hidden = slide?.Show?.Value == false;
        var items = Order(Collect(slide?.CommonSlideData?.ShapeTree, 0)).ToList();
        if (_title.Count == 0 && TitleBySize(items) is { Text: { } box } titled)
        {
            _title.Add(PptxText.Joined(box.TextBody));
            items.Remove(titled);
        }
        var title = string.Join(" ", _title.Where(t => t.Length > 0));
        builder.AddHeading(1, (title.Length > 0 ? title : $"Slide {number}") + (Hidden ? HiddenMark : ""), number);
        foreach (var item in items) item.Emit();
        ReadNotes();
    }

    List<Item> Collect(OpenXmlElement? tree, int depth)
    {
        if (depth > MaxGroupDepth)
            throw new DocumentReadException(source, $"slide {number} has groups nested deeper than {MaxGroupDepth}");
        var items = new List<Item>();
        var last = new Box(0, 0, 0);
        foreach (var child in tree?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
        {
            (Box? at, Action? emit) = child switch
            {
                P.Shape s => (_placement.Of(s), Shape(s)),
                P.GraphicFrame g => (PptxPlacement.BoxOf(g.Transform), Frame(g)),
                P.GroupShape g => (PptxPlacement.BoxOf(g.GroupShapeProperties?.TransformGroup), Group(g, depth)),
                P.Picture => (null, Picture()),
                _ => (null, null),
            };
            if (emit is null) continue;
            last = at ?? last;
            items.Add(new Item(last, items.Count, emit, child is P.Shape box && PptxPlacement.Placeholder(box) is null ? box : null));
        }
        return items;
    }

    /// <summary>
    /// Files whose titles lost their placeholder (LibreOffice's .ppt export, PDF imports): the first text box in
    /// reading order is the title when it is one paragraph set larger than any other text on the slide.
    /// </summary>
    static Item? TitleBySize(List<Item> items)
    {
        var texts = items.Where(i => i.Text is not null).ToList();
        if (texts.Count == 0 || texts[0].Text!.TextBody?.Elements<A.Paragraph>().Count() != 1) return null;
        int size = Size(texts[0].Text!), others = texts.Skip(1).Select(i => Size(i.Text!)).DefaultIfEmpty(0).Max();
        return size > others && (texts.Count > 1 || size >= LoneTitleSize) ? texts[0] : null;
    }

    static int Size(P.Shape shape) =>
        shape.Descendants<A.RunProperties>().Select(r => r.FontSize?.Value ?? 0).DefaultIfEmpty(0).Max();

    static IEnumerable<Item> Order(List<Item> items)
    {
        var byTop = items.OrderBy(i => i.At.Y).ThenBy(i => i.Seq).ToList();
        for (int start = 0; start < byTop.Count;)
        {
            var first = byTop[start].At;
            long tolerance = Math.Min(RowTolerance, first.Height / 2);
            int end = start + 1;
            while (end < byTop.Count && byTop[end].At.Y - first.Y <= tolerance) end++;
            foreach (var item in byTop.Skip(start).Take(end - start).OrderBy(i => i.At.X).ThenBy(i => i.Seq)) yield return item;
            start = end;
        }
    }

    Action? Shape(P.Shape shape)
    {
        var ph = PptxPlacement.Placeholder(shape);
        var type = ph is null ? (P.PlaceholderValues?)null : PptxPlacement.TypeOf(ph);
        var body = shape.TextBody;
        if (type is { } t && TitleTypes.Contains(t)) { _title.Add(PptxText.Joined(body).Replace('\n', ' ')); return null; }
        if (type is { } s && SkippedTypes.Contains(s)) return null;
        if (type is { } f && FurnitureTypes.TryGetValue(f, out var kind)) return () => builder.AddFurniture(kind, PptxText.Joined(body), number);
        bool bulleted = type is { } b && BulletTypes.Contains(b);
        return () =>
        {
            foreach (var p in body?.Elements<A.Paragraph>() ?? [])
            {
                var props = p.ParagraphProperties;
                bool bullet = props?.GetFirstChild<A.CharacterBullet>() is not null || props?.GetFirstChild<A.AutoNumberedBullet>() is not null
                    || (bulleted && props?.GetFirstChild<A.NoBullet>() is null);
                if (bullet) builder.AddListItem(props?.Level?.Value ?? 0, PptxText.Of(p), number);
                else builder.AddParagraph(PptxText.Of(p), number);
            }
        };
    }

    Action? Frame(P.GraphicFrame frame)
    {
        var tables = frame.Descendants<A.Table>().ToArray();
        if (tables.Length == 0) return Picture();
        return () => { foreach (var t in tables) builder.AddTable(PptxText.Rows(t), number); };
    }

    Action Group(P.GroupShape group, int depth)
    {
        var inner = Order(Collect(group, depth + 1)).ToArray();
        return () => { foreach (var item in inner) item.Emit(); };
    }

    Action? Picture()
    {
        Images++;
        return null;
    }

    void ReadNotes()
    {
        var shapes = part.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree?.Elements<P.Shape>() ?? [];
        var paragraphs = shapes
            .Where(s => PptxPlacement.Placeholder(s) is { } ph && PptxPlacement.TypeOf(ph) == P.PlaceholderValues.Body)
            .SelectMany(s => s.TextBody?.Elements<A.Paragraph>() ?? [])
            .Select(PptxText.Of)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .ToArray();
        if (paragraphs.Length == 0) return;
        builder.AddHeading(2, NotesHeading, number);
        foreach (var p in paragraphs) builder.AddParagraph(p, number);
    }
}
