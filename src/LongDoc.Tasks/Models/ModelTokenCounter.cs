using LongDoc.Documents.Chunking;

namespace LongDoc.Tasks.Models;

/// <summary>The model's own token counts for the chunker, so that parts fit the model's context exactly.</summary>
public sealed class ModelTokenCounter(IDocumentModel model) : ITokenCounter
{
    public int Count(string text) => text.Length == 0 ? 0 : model.CountTokens(text);
}
