using P = DocumentFormat.OpenXml.Presentation;
using A = DocumentFormat.OpenXml.Drawing;
using DocumentFormat.OpenXml.Packaging;

namespace LongDoc.Documents.Readers.Pptx;

/// <summary>
/// Where a shape sits on its slide. A placeholder without its own position inherits it from the slide layout's
/// placeholder of the same index (or type), and that from the master's.
/// </summary>
internal sealed class PptxPlacement(SlidePart slide)
{
    readonly P.Shape[][] _inherited =
    [
        slide.SlideLayoutPart?.SlideLayout?.CommonSlideData?.ShapeTree?.Descendants<P.Shape>().ToArray() ?? [],
        slide.SlideLayoutPart?.SlideMasterPart?.SlideMaster?.CommonSlideData?.ShapeTree?.Descendants<P.Shape>().ToArray() ?? [],
    ];

    public static P.PlaceholderShape? Placeholder(P.Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape;

    /// <summary>Top, left and height in EMU, or null when neither the shape nor its layout says.</summary>
    public Box? Of(P.Shape shape)
    {
        if (BoxOf(shape.ShapeProperties?.Transform2D) is { } own) return own;
        if (Placeholder(shape) is not { } ph) return null;
        foreach (var level in _inherited)
        {
            var match = level.FirstOrDefault(s => Placeholder(s) is { } other && Same(ph, other));
            if (match is not null && BoxOf(match.ShapeProperties?.Transform2D) is { } inherited) return inherited;
        }
        return null;
    }

    public static Box? BoxOf(A.Transform2D? t) => BoxOf(t?.Offset, t?.Extents?.Cy?.Value);
    public static Box? BoxOf(P.Transform? t) => BoxOf(t?.Offset, t?.Extents?.Cy?.Value);
    public static Box? BoxOf(A.TransformGroup? t) => BoxOf(t?.Offset, t?.Extents?.Cy?.Value);

    static Box? BoxOf(A.Offset? offset, long? height) =>
        offset?.X?.Value is { } x && offset.Y?.Value is { } y ? new Box(y, x, height ?? 0) : null;

    static bool Same(P.PlaceholderShape a, P.PlaceholderShape b) =>
        a.Index?.Value is { } i && b.Index?.Value is { } j ? i == j : TypeOf(a) == TypeOf(b);

    /// <summary>A placeholder's type; an absent type means an object placeholder (ECMA-376 19.3.1.36).</summary>
    public static P.PlaceholderValues TypeOf(P.PlaceholderShape ph) => ph.Type?.Value ?? P.PlaceholderValues.Object;
}

/// <summary>A shape's top, left and height in EMU.</summary>
internal readonly record struct Box(long Y, long X, long Height);
