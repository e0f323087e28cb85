using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Checks how deep a part's XML nests before OpenXML builds it into objects: building a hostile part nested
/// thousands deep is slow and deep in the stack, while one forward pass of an XmlReader is cheap.
/// </summary>
internal static class OpenXmlDepth
{
    /// <summary>Real slides and sheets nest a few dozen elements deep.</summary>
    public const int MaxDepth = 256;

    public static void Check(OpenXmlPart part, string source)
    {
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            while (reader.Read())
                if (reader.Depth > MaxDepth)
                    throw new DocumentReadException(source, $"part {part.Uri} has elements nested deeper than {MaxDepth}");
        }
        catch (XmlException e)
        {
            throw new DocumentReadException(source, $"part {part.Uri} is not well-formed XML ({e.Message})", e);
        }
    }
}
