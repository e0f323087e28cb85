using System.Text;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

public class NfcTests
{
    [Theory]
    [InlineData("Cafe\u0301", "Café")]
    [InlineData("A\u030A", "Å")]
    [InlineData("\u212B", "Å")]                       // Angstrom sign: singleton decomposition
    [InlineData("\u1100\u1161\u11A8", "각")]           // Hangul jamo compose arithmetically
    [InlineData("a\u0307\u0323", "ạ̇")]                // dot below (220) sorts before dot above (230), then composes
    [InlineData("\u0958", "\u0915\u093C")]            // composition exclusion stays decomposed
    [InlineData("Grüße 中文 🎉", "Grüße 中文 🎉")]
    public void Normalize_Text_GivesNfc(string input, string expected)
    {
        Assert.Equal(expected, Nfc.Normalize(input));
        Assert.Equal(expected, Nfc.Normalize(expected));
    }

    [Theory]
    [InlineData("Cafe\u0301 A\u030A \u212B \u1100\u1161\u11A8 a\u0307\u0323 \u0958 Grüße 中文 🎉")]
    [InlineData("\u1E0B\u0323 \u0071\u0307\u0323 \u00C5\u0301 \uAC00\u11A8")]
    public void Normalize_TokenizerTestText_SameAsStringNormalize(string text) =>
        Assert.Equal(text.Normalize(NormalizationForm.FormC), Nfc.Normalize(text));

    [Fact]
    public void Normalize_LoneSurrogateOrNoncharacter_PassesThroughWhereStringNormalizeThrows()
    {
        // built in code: a lone surrogate would not survive xUnit's serialization of theory data
        foreach (string input in new[] { "a" + '\uD800' + "b", "x" + '\uFFFE' + "y" })
        {
            Assert.Throws<ArgumentException>(() => input.Normalize(NormalizationForm.FormC));
            Assert.Equal(input, Nfc.Normalize(input));
        }
    }
}
