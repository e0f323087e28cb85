using LongDoc.Tasks.Languages;

namespace LongDoc.Tasks.Tests.Languages;

public sealed class LanguageDetectionTests
{
    [Theory]
    [InlineData("The station was founded in 1987 by a small team of glaciologists who spent the first winter in tents.", "en")]
    [InlineData("Die Station wurde 1987 von einer kleinen Gruppe von Glaziologen gegründet, die den ersten Winter in Zelten verbrachte.", "de")]
    [InlineData("La station a été fondée en 1987 par une petite équipe de glaciologues qui a passé le premier hiver sous des tentes.", "fr")]
    [InlineData("La estación fue fundada en 1987 por un pequeño equipo de glaciólogos que pasó el primer invierno en tiendas.", "es")]
    [InlineData("研究站于1987年由一支小型冰川学家团队建立，他们在帐篷里度过了第一个冬天。", "zh")]
    [InlineData("研究所は1987年に小さな氷河学者のチームによって設立され、最初の冬はテントで過ごした。", "ja")]
    public void Detect_SentenceInLanguage_ThatLanguage(string text, string code)
    {
        var detected = LanguageDetection.Detect(text);
        Assert.True(detected.Determined);
        Assert.Equal(code, detected.Language.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Hallo Welt")]
    [InlineData("12 34 56 78 90 11")]
    public void Detect_TooLittleText_UndeterminedEnglishRules(string text)
    {
        var detected = LanguageDetection.Detect(text);
        Assert.False(detected.Determined);
        Assert.Equal(Language.English, detected.Language);
        Assert.Equal("language: undetermined (English rules)", detected.ToString());
    }

    [Fact]
    public void Detect_GeoTopo_German()
    {
        var detected = LanguageDetection.Detect(Corpus.GeoTopo);
        Assert.Equal("language: de (German)", detected.ToString());
    }

    [Fact]
    public void BuildDetector_NoModels_NullAndOneWarningNamingThem()
    {
        var folder = Directory.CreateTempSubdirectory("longdoc-lingua-");
        try
        {
            var warnings = new StringWriter();
            Assert.Null(LanguageDetection.BuildDetector(folder.FullName, warnings));
            var lines = warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines);
            Assert.Contains(folder.FullName, line);
            Assert.Contains("en, de, fr", line);
            Assert.Contains("every document is read by English rules", line);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void BuildDetector_SomeModelsMissing_DetectsThePresentAndWarnsOfTheRest()
    {
        var folder = Directory.CreateTempSubdirectory("longdoc-lingua-");
        try
        {
            foreach (var code in (string[])["en", "fr"])
                File.WriteAllText(Directory.CreateDirectory(Path.Combine(folder.FullName, code)).FullName + "/trigrams.json.br", "");   // present is all that is checked; Lingua reads the shipped ones
            var warnings = new StringWriter();
            var detector = LanguageDetection.BuildDetector(folder.FullName, warnings);
            Assert.NotNull(detector);
            Assert.Contains("de, es, it, nl, pt, zh, ja", warnings.ToString());
            Assert.DoesNotContain("en,", warnings.ToString());
            var detected = LanguageDetection.Detect("La station a été fondée en 1987 par une petite équipe de glaciologues.", () => detector);
            Assert.Equal("fr", detected.Language.Code);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void Detect_NoDetector_UndeterminedEnglishRules()
    {
        var detected = LanguageDetection.Detect("Die Station wurde 1987 von einer kleinen Gruppe von Glaziologen gegründet.", () => null);
        Assert.False(detected.Determined);
        Assert.Equal(Language.English, detected.Language);
    }

    [Fact]
    public void BuildDetector_ShippedModels_NoWarning()
    {
        var warnings = new StringWriter();
        Assert.NotNull(LanguageDetection.BuildDetector(LanguageDetection.ModelsFolder, warnings));
        Assert.Equal("", warnings.ToString());
    }
}
