using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LongDoc.Samples.Generator.Docx;

/// <summary>
/// The non-body parts a memo needs: styles (Normal, Title, Heading1, Heading2, footnote styles),
/// one decimal numbering definition, and the footnotes part with Word's two mandatory separators.
/// Relationship ids are given explicitly so the package is the same on every run.
/// </summary>
public static class DocxParts
{
    public const int DecimalListId = 1;

    public static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>("rIdStyles");
        part.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri" }, new FontSize { Val = "22" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
            ParagraphStyle("Normal", "Normal", null, null, isDefault: true),
            ParagraphStyle("Title", "Title", 0, "40"),
            ParagraphStyle("Heading1", "heading 1", 0, "32"),
            ParagraphStyle("Heading2", "heading 2", 1, "26"),
            ParagraphStyle("ListParagraph", "List Paragraph", null, null),
            ParagraphStyle("FootnoteText", "footnote text", null, "18"),
            new Style(new StyleName { Val = "footnote reference" }, new StyleRunProperties(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript }))
            { Type = StyleValues.Character, StyleId = "FootnoteReference" },
            new Style(new StyleName { Val = "Table Grid" },
                new StyleTableProperties(new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })))
            { Type = StyleValues.Table, StyleId = "TableGrid" });
    }

    /// <summary>Headings carry an outline level and a bold run style, as Word's built-in ones do.</summary>
    static Style ParagraphStyle(string id, string name, int? outlineLevel, string? halfPoints, bool isDefault = false)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id, Default = isDefault ? true : null };
        if (id != "Normal") style.Append(new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" });
        if (outlineLevel is int level)
            style.Append(new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "80" }, new OutlineLevel { Val = level }));
        if (halfPoints is not null)
        {
            var run = new StyleRunProperties();
            if (outlineLevel is not null) run.Append(new Bold());
            run.Append(new FontSize { Val = halfPoints });
            style.Append(run);
        }
        return style;
    }

    public static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>("rIdNumbering");
        part.Numbering = new Numbering(
            new AbstractNum(
                new Level(
                    new StartNumberingValue { Val = 1 },
                    new NumberingFormat { Val = NumberFormatValues.Decimal },
                    new LevelText { Val = "%1." },
                    new LevelJustification { Val = LevelJustificationValues.Left },
                    new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
                { LevelIndex = 0 })
            { AbstractNumberId = DecimalListId },
            new NumberingInstance(new AbstractNumId { Val = DecimalListId }) { NumberID = DecimalListId });
    }

    /// <summary>Footnote ids -1 and 0 are the separators Word expects before any real footnote.</summary>
    public static Footnotes AddFootnotes(MainDocumentPart main)
    {
        var part = main.AddNewPart<FootnotesPart>("rIdFootnotes");
        part.Footnotes = new Footnotes(
            new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
            new Footnote(new Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });
        return part.Footnotes;
    }

    public static void AddSettings(MainDocumentPart main)
    {
        var part = main.AddNewPart<DocumentSettingsPart>("rIdSettings");
        part.Settings = new Settings(new FootnoteDocumentWideProperties(
            new FootnoteSpecialReference { Id = -1 }, new FootnoteSpecialReference { Id = 0 }));
    }
}
