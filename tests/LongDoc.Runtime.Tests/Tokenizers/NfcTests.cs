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
}
