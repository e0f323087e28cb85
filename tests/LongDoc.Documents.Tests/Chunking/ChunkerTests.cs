using System.Text;
using LongDoc.Documents.Chunking;

namespace LongDoc.Documents.Tests.Chunking;

public class ChunkerTests
{
    // Counts words: makes budgets in tests easy to reason about.
    sealed class WordCounter : ITokenCounter
    {
        public int Count(string text) => text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
    }

    static string Words(string prefix, int n) => string.Join(' ', Enumerable.Range(0, n).Select(i => $"{prefix}{i}"));

    static Document Build(Action<DocumentBuilder> add)
    {
        var b = new DocumentBuilder(Encoding.UTF8.GetBytes("x"), "test.txt", DocumentFormat.Text);
        add(b);
        return b.Build();
    }

    [Fact]
    public void Split_SmallBlocks_PacksThemUpToTheBudget()
    {
        var doc = Build(b => { for (int i = 0; i < 10; i++) b.AddParagraph(Words($"p{i}w", 10), 1); });
        var chunks = new Chunker(new WordCounter(), new ChunkOptions(MaxTokens: 35, OverlapTokens: 0)).Split(doc);
        Assert.Equal([3, 3, 3, 1], chunks.Select(c => c.LastBlock - c.FirstBlock + 1));
        Assert.All(chunks, c => Assert.True(c.Tokens <= 35));
    }

    [Fact]
    public void Split_Always_ChunkTextIsTheDocumentSpan()
    {
        var doc = Build(b =>
        {
            b.AddHeading(1, "Intro", 1);
            b.AddParagraph("First sentence here. " + Words("a", 40) + ". Last one.", 1);
            b.AddHeading(2, "Details", 2);
            b.AddParagraph(Words("b", 30), 2);
        });
        var chunks = new Chunker(new WordCounter(), new ChunkOptions(MaxTokens: 20, OverlapTokens: 4)).Split(doc);
        Assert.All(chunks, c => Assert.Equal(doc.Text[c.Start..c.End], c.Text));
    }

    [Fact]
    public void Split_HeadingInside_StartsNewChunkAndCarriesPath()
    {
        var doc = Build(b =>
        {
            b.AddHeading(1, "Chapter A", 1);
            b.AddParagraph(Words("a", 5), 1);
            b.AddHeading(2, "Section A.1", 2);
            b.AddParagraph(Words("b", 5), 2);
        });
        var chunks = new Chunker(new WordCounter(), new ChunkOptions(MaxTokens: 100, OverlapTokens: 0)).Split(doc);
        Assert.Equal(2, chunks.Count);
        Assert.Equal(["Chapter A"], chunks[0].Section);
        Assert.Equal(["Chapter A", "Section A.1"], chunks[1].Section);
        Assert.Equal((2, 2), (chunks[1].FirstPage, chunks[1].LastPage));
    }

    [Fact]
    public void Split_LongTable_NeverSplitsARow()
    {
        var rows = Enumerable.Range(0, 30).Select(r => (IReadOnlyList<string>)[$"row{r}", Words($"c{r}x", 6)]).ToArray();
        var doc = Build(b => b.AddTable(rows, 3));
        var chunks = new Chunker(new WordCounter(), new ChunkOptions(MaxTokens: 40, OverlapTokens: 0)).Split(doc);
        Assert.True(chunks.Count > 1);
        foreach (var c in chunks)
            foreach (var line in c.Text.Split('\n'))
                Assert.Matches(@"^row\d+ \| (c\d+x\d+ ?)+$", line);
        Assert.Equal(30, chunks.Sum(c => c.Text.Split('\n').Length));
    }

    [Fact]
    public void Split_LongParagraph_SplitsAtSentencesWithOverlap()
    {
        var text = string.Join(" ", Enumerable.Range(0, 20).Select(i => $"Sentence {i} has five words."));
        var doc = Build(b => b.AddParagraph(text, 1));
        var chunks = new Chunker(new WordCounter(), new ChunkOptions(MaxTokens: 20, OverlapTokens: 6)).Split(doc);
        Assert.All(chunks, c => { Assert.StartsWith("Sentence", c.Text); Assert.EndsWith("words.", c.Text); });
        // each later chunk repeats the previous chunk's last sentence
        for (int i = 1; i < chunks.Count; i++)
        {
            var lastSentence = chunks[i - 1].Text[(chunks[i - 1].Text.LastIndexOf("Sentence", StringComparison.Ordinal))..];
            Assert.StartsWith(lastSentence, chunks[i].Text);
        }
        Assert.Contains(chunks, c => c.Text.Contains("Sentence 19 has"));
    }

    [Fact]
    public void Split_OverlapNeverCrossesASectionBoundary()
    {
        var doc = Build(b =>
        {
            b.AddHeading(1, "One", 1);
            b.AddParagraph(Words("a", 10), 1);
            b.AddHeading(1, "Two", 1);
            b.AddParagraph(Words("b", 10), 1);
        });
        var chunks = new Chunker(new WordCounter(), new ChunkOptions(MaxTokens: 100, OverlapTokens: 20)).Split(doc);
        Assert.DoesNotContain("a0", chunks[1].Text);
    }

    [Theory]
    [InlineData(8, 0)]
    [InlineData(100, 60)]
    public void Split_InvalidOptions_Throws(int max, int overlap) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Chunker(new WordCounter(), new ChunkOptions(max, overlap)).Split(Build(b => b.AddParagraph("x", 1))));

    [Fact]
    public void ApproximateTokenCounter_EnglishProse_IsNearOneTokenPerWord()
    {
        var text = "The committee approved the budget for the new research station in March, after a long debate.";
        int words = text.Split(' ').Length;
        int tokens = ApproximateTokenCounter.Instance.Count(text);
        Assert.InRange(tokens, words, words + 6);
        Assert.Equal(0, ApproximateTokenCounter.Instance.Count("   "));
        Assert.Equal(2, ApproximateTokenCounter.Instance.Count("123456"));
    }
}
