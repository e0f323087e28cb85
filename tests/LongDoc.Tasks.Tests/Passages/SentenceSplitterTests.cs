using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Tests.Passages;

public sealed class SentenceSplitterTests
{
    static List<string> Sentences(string text, Language language) =>
        [.. SentenceSplitter.Split(text, language).Select(s => text[s.Start..s.End])];

    [Fact]
    public void Split_GermanAbbreviations_NotSentenceEnds()
    {
        const string text = "Das gilt z. B. für Kugeln, d. h. Wegen sind anders. Es gibt u. a. Tori, o. B. d. A. sei X kompakt. " +
                            "Siehe S. 12 bzw. Abb. 3 und vgl. Kap. 4 hier. Das ist alles.";
        Assert.Equal(["Das gilt z. B. für Kugeln, d. h. Wegen sind anders.", "Es gibt u. a. Tori, o. B. d. A. sei X kompakt.",
                      "Siehe S. 12 bzw. Abb. 3 und vgl. Kap. 4 hier.", "Das ist alles."], Sentences(text, Language.German));
    }

    [Fact]
    public void Split_GermanOrdinalsAndBrackets_NotSentenceEnds()
    {
        const string text = "Am 3. Mai erschien das Skript (2. Auflage). Es hat 117 Seiten (vgl. Anhang. Dort steht mehr). Ende.";
        Assert.Equal(["Am 3. Mai erschien das Skript (2. Auflage).", "Es hat 117 Seiten (vgl. Anhang. Dort steht mehr).", "Ende."],
                     Sentences(text, Language.German));
    }

    [Fact]
    public void Split_EnglishNumberBeforeWord_SentenceEnd()
    {
        // Ordinals with a full stop are German (and Dutch); in English "3. Then" ends a sentence.
        const string text = "The count was 3. Then it rose.";
        Assert.Equal(["The count was 3.", "Then it rose."], Sentences(text, Language.English));
        Assert.Equal([text], Sentences(text, Language.German));
    }

    [Fact]
    public void Split_French_AbbreviationsAndQuotes()
    {
        const string text = "M. Dupont habite à Paris, cf. p. 12. Il dit : « C'est fini. » Puis il part.";
        Assert.Equal(["M. Dupont habite à Paris, cf. p. 12.", "Il dit : « C'est fini. »", "Puis il part."], Sentences(text, Language.French));
    }

    [Fact]
    public void Split_LowerCaseContinuation_NotSentenceEnd()
    {
        const string text = "It was cold... and dark. Wie geht's? fragte er. Gut!";
        Assert.Equal(["It was cold... and dark.", "Wie geht's? fragte er.", "Gut!"], Sentences(text, Language.English));
    }

    [Fact]
    public void Split_Chinese_TerminatorsWithoutSpaces()
    {
        const string text = "研究站建于1987年。它位于北极！他说：“很好。”然后走了？对";
        Assert.Equal(["研究站建于1987年。", "它位于北极！", "他说：“很好。”", "然后走了？", "对"], Sentences(text, Language.Chinese));
    }

    [Fact]
    public void Split_Japanese_TerminatorsWithoutSpaces()
    {
        const string text = "研究所は1987年に設立された。所長は田中です！本当？";
        Assert.Equal(["研究所は1987年に設立された。", "所長は田中です！", "本当？"], Sentences(text, Language.Japanese));
    }

    [Fact]
    public void Split_LineBreak_AlwaysEnds()
    {
        Assert.Equal(["Erstens z.", "B. zweitens"], Sentences("Erstens z.\nB. zweitens", Language.German));
    }

    [Fact]
    public void Split_MegabyteLineWithoutPunctuationMixedScripts_OneSentence()
    {
        var text = string.Concat(Enumerable.Repeat("Wort 字 слово λέξη word ", 1 << 15));
        Assert.True(text.Length > 700_000);
        Assert.Equal([(0, text.Length - 1)], SentenceSplitter.Split(text, Language.German).ToList());
    }

    [Fact]
    public void Split_MegabyteOfUnclosedBracketsAndInitials_CoversTextOnce()
    {
        var text = string.Concat(Enumerable.Repeat("(a. B. Ende. ", 80_000));
        var spans = SentenceSplitter.Split(text, Language.German).ToList();
        // Unclosed brackets keep nothing together; "B. Ende." is an initial, so each "Ende." closes a sentence.
        Assert.Equal(80_000, spans.Count);
        Assert.All(spans, s => Assert.Equal("(a. B. Ende.", text[s.Start..s.End]));
    }
}
