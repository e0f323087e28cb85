using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LongDoc.Documents.Readers.Docx;

/// <summary>
/// The visible text of a paragraph, in order, as Word shows it: text runs, tabs, line breaks, note markers.
/// Deleted and moved-away revisions, field codes and the fallback copy of alternate content are skipped (the
/// fallback repeats the text of the choice). Page breaks met on the way go to <see cref="DocxPages"/>.
/// </summary>
internal sealed class DocxText(DocxPages? pages, DocxNotes? notes)
{
    public string Of(OpenXmlElement element)
    {
        var sb = new StringBuilder();
        Walk(element, sb);
        return sb.ToString();
    }

    void Walk(OpenXmlElement e, StringBuilder sb)
    {
        foreach (var child in e.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    sb.Append(t.Text);
                    if (!string.IsNullOrWhiteSpace(t.Text)) pages?.Text();
                    break;
                case TabChar or PositionalTab: sb.Append('\t'); break;
                case Break br when br.Type?.Value == BreakValues.Page: pages?.ExplicitBreak(); break;
                case Break or CarriageReturn: sb.Append('\n'); break;
                case LastRenderedPageBreak: pages?.RenderedBreak(); break;
                case NoBreakHyphen: sb.Append('-'); break;
                case FootnoteReference f when notes is not null && f.CustomMarkFollows?.Value != true:
                    sb.Append(notes.Footnote(f.Id?.Value, pages?.Current ?? 1)); break;
                case EndnoteReference n when notes is not null && n.CustomMarkFollows?.Value != true:
                    sb.Append(notes.Endnote(n.Id?.Value)); break;
                case DeletedRun or MoveFromRun or AlternateContentFallback or ParagraphProperties or RunProperties: break;
                case Paragraph inner:   // a text box inside a run: its own line
                    sb.Append('\n'); Walk(inner, sb); sb.Append('\n'); break;
                case TableCell cell:
                    Walk(cell, sb); sb.Append(' '); break;
                default:
                    if (child.HasChildren) Walk(child, sb);
                    break;
            }
        }
    }
}
