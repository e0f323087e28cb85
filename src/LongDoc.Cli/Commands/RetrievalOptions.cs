using System.CommandLine;
using System.Diagnostics;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Search;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `--retrieval hybrid|lexical` of ask and chat (and serve): hybrid fuses BM25 with the embedding model shipped with
/// longdoc (arctic-embed-xs, ONNX Runtime on the CPU), which finds answers that share no word with the question;
/// lexical is BM25 alone (no model load, no embedding time). Without a language model the passages found are the
/// answer; with one, they choose what of a document too long for its context it reads. Passage vectors are kept in
/// <see cref="EmbeddingCache.DefaultDirectory"/> unless --no-cache, so a document is embedded once. The embedding model
/// is English only: for a document in another language the search is lexical, and one line says so.
/// </summary>
sealed class RetrievalOptions
{
    public readonly Option<string> Retrieval = new("--retrieval")
    {
        Description = "Extractive search: hybrid (BM25 + embedding model) or lexical (BM25 only)",
        DefaultValueFactory = _ => "hybrid",
    };

    public RetrievalOptions() => Retrieval.AcceptOnlyFromAmong("hybrid", "lexical");

    public void AddTo(Command command) => command.Options.Add(Retrieval);

    /// <summary>
    /// For model mode: hybrid search made only when a question needs it (the document does not fit the context), or
    /// null for lexical (BM25 over the pieces, as the reading plan does without it). The caller disposes it if made.
    /// </summary>
    public Lazy<PassageSearch>? ForModel(ParseResult result, bool cacheOff, Documents.Document document, ProgressView progress, CancellationToken ct) =>
        result.GetValue(Retrieval) != "hybrid" ? null
            : new Lazy<PassageSearch>(() => new PassageSearch(document, Semantic(result, cacheOff, document, progress), ct));

    /// <summary>Semantic search for this run, or null for lexical; the embedding model is loaded here.</summary>
    public SemanticSearch? Semantic(ParseResult result, bool cacheOff, Documents.Document document, ProgressView progress)
    {
        if (result.GetValue(Retrieval) != "hybrid") return null;
        var language = LanguageDetection.Detect(document);
        if (!language.Language.Embeddable)
        {
            progress.Info(PassageSearch.EmbeddingNote(language));
            return null;
        }
        var clock = Stopwatch.StartNew();
        var embedder = Embedders.Create();
        if (embedder is null)
        {
            progress.Info("this build has no embedding model: lexical search (BM25)");
            return null;
        }
        progress.Info($"embedding model {embedder.Id} loaded in {clock.Elapsed.TotalSeconds:F1} s");
        var cache = cacheOff ? null : new EmbeddingCache(EmbeddingCache.DefaultDirectory, warn: progress.Info);
        return new SemanticSearch(embedder, cache, (done, total) => progress.Count("embedding passages", done, total));
    }
}
