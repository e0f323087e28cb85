using System.Numerics.Tensors;

namespace LongDoc.Embeddings.Tests;

/// <summary>The shipped embedding model: unit vectors, the same whatever the batch, and closer for meaning than for words.</summary>
public sealed class ArcticEmbedderTests : IClassFixture<ArcticEmbedderTests.Model>
{
    public sealed class Model : IDisposable
    {
        public readonly ArcticEmbedder Embedder = new();
        public void Dispose() => Embedder.Dispose();
    }

    static readonly string[] Passages =
    [
        "The first hut was raised on 14 February 1987, and the station has been occupied all year round ever since.",
        "The winter crew numbered 19 people, of whom seven were scientists.",
        "The satellite link provides 40 megabits per second, shared by everyone on station.",
        "Table 1.",
        "Visitors must be at least 21 years old on the day the ship leaves port, and they must pass a medical examination before they travel.",
    ];

    readonly ArcticEmbedder embedder;
    public ArcticEmbedderTests(Model model) => embedder = model.Embedder;

    float[] Embed(params string[] texts)
    {
        var vectors = new float[texts.Length * embedder.Dimensions];
        embedder.EmbedPassages(texts, vectors);
        return vectors;
    }

    [Fact]
    public void EmbedPassages_Batch_UnitRowsEqualToOneAtATime()
    {
        var together = Embed(Passages);
        int d = embedder.Dimensions;
        for (int i = 0; i < Passages.Length; i++)
        {
            var row = together.AsSpan(i * d, d);
            Assert.Equal(1.0, TensorPrimitives.Norm(row), 3);
            var alone = Embed(Passages[i]);
            Assert.True(TensorPrimitives.Distance(row, alone) < 1e-4, $"passage {i}: batched vector differs from its own by {TensorPrimitives.Distance(row, alone)}");
        }
    }

    [Theory]
    [InlineData("When was the station founded?", 0)]
    [InlineData("How fast is the internet connection?", 2)]
    [InlineData("How many people spent the winter at the station?", 1)]
    [InlineData("What is the minimum age for visitors?", 4)]
    public void EmbedQuery_QuestionWithoutSharedWords_ClosestToItsAnswer(string question, int answer)
    {
        var vectors = Embed(Passages);
        var query = embedder.EmbedQuery(question);
        Assert.Equal(1.0, TensorPrimitives.Norm(query), 3);
        int d = embedder.Dimensions;
        var similarity = Enumerable.Range(0, Passages.Length).Select(i => TensorPrimitives.Dot(vectors.AsSpan(i * d, d), query)).ToArray();
        Assert.Equal(answer, Array.IndexOf(similarity, similarity.Max()));
    }

    [Fact]
    public void EmbedPassages_BufferOfWrongSize_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => embedder.EmbedPassages(Passages, new float[embedder.Dimensions]));
        Assert.Contains($"for {Passages.Length} vectors of {embedder.Dimensions}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbedPassages_Progress_ReachesCount()
    {
        var seen = new List<int>();
        embedder.EmbedPassages(Passages, new float[Passages.Length * embedder.Dimensions], seen.Add);
        Assert.Equal(Passages.Length, seen[^1]);
        Assert.Equal(seen.Order(), seen);
    }
}
