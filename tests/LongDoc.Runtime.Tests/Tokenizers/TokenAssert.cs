using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

static class TokenAssert
{
    /// <summary>Equal id sequences; on failure names the first differing position with the text around it.</summary>
    public static void Equal(int[] expected, int[] actual, ITokenizer tokenizer, string what)
    {
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i]) i++;
        if (i == expected.Length && i == actual.Length) return;
        string Around(int[] ids) => tokenizer.Decode(ids.AsSpan(Math.Max(0, i - 5), Math.Min(ids.Length, i + 5) - Math.Max(0, i - 5)));
        string Ids(int[] ids) => string.Join(",", ids.Skip(i).Take(6));
        Assert.Fail($"{what}: first difference at token {i} of {expected.Length} expected / {actual.Length} actual\n" +
                    $"expected ids {Ids(expected)} text «{Around(expected)}»\nactual   ids {Ids(actual)} text «{Around(actual)}»");
    }
}
