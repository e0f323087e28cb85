using System.Text.RegularExpressions;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Tests.Extractive;

/// <summary>
/// The German GeoTopo script (corpus, 117 pages) read by German rules: its summaries once quoted fragments such as
/// "B. auch Schnitte zweier Kugeln ..." and "... bei flächenfüllenden Wegen, d.", cut at "z. B." and "d. h.".
/// </summary>
public sealed partial class GeoTopoLanguageTests
{
    // A point that ends in the first half of a German two-part abbreviation ("z. B.", "d. h.", "u. a.", "o. B. d. A.",
    // "s. o.", "v. a.", "i. d. R.") or in an ordinal after an opening bracket ("(2. Auflage)"). A variable at the end of
    // a block ("für verschiedene Parameter a.") is a sentence end.
    [GeneratedRegex(@"(\s[zduosvi]|\(\d{1,2})\.$")]
    private static partial Regex EndsInAbbreviation();

    // A point that starts with the second half of an abbreviation ("B. auch", "h. wenn", "a. die", "A. sei").
    [GeneratedRegex(@"^[BhaAdoR]\.\s")]
    private static partial Regex StartsInAbbreviation();

    [Theory]
    [InlineData(SummaryStyle.Brief)]
    [InlineData(SummaryStyle.Bullets)]
    [InlineData(SummaryStyle.Outline)]
    public void Summarize_GeoTopo_NoPointStartsOrEndsInsideAnAbbreviation(SummaryStyle style)
    {
        var points = ExtractiveSummarizer.Summarize(Corpus.GeoTopo, style).Sections.SelectMany(s => s.Points).ToList();
        Assert.NotEmpty(points);
        var german = Abbreviations.For(Language.German);
        Assert.All(points, p =>
        {
            Assert.DoesNotMatch(EndsInAbbreviation(), p.Text);
            Assert.DoesNotMatch(StartsInAbbreviation(), p.Text);
            var last = p.Text.Split(' ')[^1];
            Assert.False(last.EndsWith('.') && german.Contains(last.TrimEnd('.')), $"ends in an abbreviation: {p.Text}");
        });
    }

    [Theory]
    [InlineData("Was beweist der Unvollständigkeitssatz für die Arithmetik?", 68, "der z. B. für die Arithmetik beweist")]
    [InlineData("Ist das Möbiusband orientierbar?", 94, "Möbiusband (vgl. Abbildung 5.1) ist nicht orientierbar.")]
    public void Ask_GeoTopo_FindsSentenceWhole(string question, int page, string part)
    {
        var answer = ExtractiveAnswerer.Ask(Corpus.GeoTopo, question);
        Assert.True(answer.Found);
        Assert.Contains(answer.Citations, c => c.Page == page && c.Quote.Contains(part, StringComparison.Ordinal));
    }
}
