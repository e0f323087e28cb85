using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Tests.Search;

/// <summary>
/// Extractive answers from documents in German, French, Chinese and Japanese, with facts planted on known pages:
/// found through the language's stop words and stems (German, French) or character bigrams (Chinese, Japanese),
/// quoted as whole sentences.
/// </summary>
public sealed class LanguageSearchTests
{
    [Theory]
    [InlineData("Wer hat die Station gegründet?", 3, "Die Station wurde 1987 von Dr. Helga Brandt gegründet.")]
    [InlineData("Wie viele Forscher überwintern auf der Station?", 6, "Im Winter überwintert eine Mannschaft von zwölf Forschern auf der Station.")]
    [InlineData("Wann beginnt die Feldsaison?", 2, "Am 3. Mai beginnt jedes Jahr die Feldsaison.")]
    [InlineData("Sind Haustiere erlaubt?", 8, "Haustiere sind auf der Insel nicht erlaubt.")]
    public void Ask_German_FindsPlantedFact(string question, int page, string sentence) => AssertFirst(LanguageDocuments.German, question, page, sentence);

    [Theory]
    [InlineData("研究站是哪一年建立的？", 3, "研究站于1987年由海尔格·布兰特博士建立。")]
    [InlineData("冬季有多少名科学家越冬？", 6, "冬季有十二名科学家在站上越冬。")]
    [InlineData("可以带宠物吗？", 8, "岛上不允许携带宠物。")]
    public void Ask_Chinese_FindsPlantedFact(string question, int page, string sentence) => AssertFirst(LanguageDocuments.Chinese, question, page, sentence);

    [Theory]
    [InlineData("Qui a fondé la station ?", 2, "La station a été fondée en 1987 par Mme Hélène Brandt.")]
    [InlineData("Combien de chercheurs hivernent à la station ?", 3, "En hiver, une équipe de douze chercheurs hiverne à la station.")]
    public void Ask_French_FindsPlantedFact(string question, int page, string sentence) => AssertFirst(LanguageDocuments.French, question, page, sentence);

    [Theory]
    [InlineData("研究所はいつ設立されましたか？", 2, "研究所は1987年にブラント博士によって設立された。")]
    [InlineData("何人の研究者が越冬しますか？", 3, "冬には十二人の研究者が研究所で越冬する。")]
    public void Ask_Japanese_FindsPlantedFact(string question, int page, string sentence) => AssertFirst(LanguageDocuments.Japanese, question, page, sentence);

    static void AssertFirst(string[] pages, string question, int page, string sentence)
    {
        var answer = ExtractiveAnswerer.Ask(Documents.FromPages(pages), question);
        Assert.True(answer.Found);
        Assert.Equal(page, answer.Citations[0].Page);
        Assert.Equal(sentence, answer.Citations[0].Quote);
        Assert.True(answer.Citations[0].Verified);
    }

    [Fact]
    public void Search_GermanWithEmbeddingModel_LexicalAndSaysWhy()
    {
        var embedder = new ConceptEmbedder();
        using var search = new PassageSearch(Documents.FromPages(LanguageDocuments.German), new SemanticSearch(embedder));
        Assert.Equal(Language.German, search.Language.Language);
        Assert.False(search.IsHybrid);
        Assert.Equal(0, embedder.PassageCalls);
        Assert.StartsWith("language: de (German): the embedding model serves English only", search.Note);
    }

    [Fact]
    public void Search_EnglishWithEmbeddingModel_Hybrid()
    {
        using var search = new PassageSearch(Samples.Read(Samples.Faq), new SemanticSearch(new ConceptEmbedder()));
        Assert.Equal(Language.English, search.Language.Language);
        Assert.True(search.IsHybrid);
        Assert.Null(search.Note);
    }

    [Fact]
    public void Ask_MegabyteOfMixedScriptsWithoutPunctuation_FindsTheLine()
    {
        var line = string.Concat(Enumerable.Repeat("Wort 字 слово λέξη word ", 1 << 15)) + "Nadel 针";
        var answer = ExtractiveAnswerer.Ask(Documents.FromPages(line), "Nadel");
        Assert.True(answer.Found);
        Assert.EndsWith("Nadel 针", answer.Citations[0].Quote);
    }
}
