namespace LongDoc.Tasks.Citations;

/// <summary>How a citation names its pages: "p. 4", or "pp. 4-5" for text that runs over a page break.</summary>
public static class PageRange
{
    public static string Format(int first, int last) => first >= last ? $"p. {first}" : $"pp. {first}-{last}";
}
