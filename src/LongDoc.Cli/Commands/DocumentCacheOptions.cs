using System.CommandLine;
using LongDoc.Documents;
using LongDoc.Runtime.Caching;
using LongDoc.Tasks.Models;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `--cache-dir DIR` and `--no-cache` of the document jobs: where the prefilled document (system prompt + document,
/// as KV cache) is saved, so a later run on the same document, model and settings restores it instead of
/// prefilling again. Keyed by PromptCacheKey: model fingerprint, document SHA-256 + prefix digest, cache shape and
/// precision, context size, attention settings.
/// </summary>
sealed class DocumentCacheOptions
{
    public readonly Option<string> Directory = new("--cache-dir")
    {
        Description = "Folder of the document KV cache (size-capped, least recently used files go first)",
        DefaultValueFactory = _ => PromptCacheStore.DefaultDirectory,
    };
    public readonly Option<bool> Off = new("--no-cache") { Description = "Neither read nor write the document KV cache on disk" };

    public void AddTo(Command command)
    {
        command.Options.Add(Directory);
        command.Options.Add(Off);
    }

    /// <summary>Keys <paramref name="model"/>'s document prefixes to <paramref name="document"/> and gives it the store; one stderr line per restore or save.</summary>
    public void Apply(ParseResult result, RuntimeDocumentModel model, Document document, ProgressView progress)
    {
        if (result.GetValue(Off)) return;
        model.DocumentKey = document.Id;
        model.DocumentCache = new PromptCacheStore(result.GetValue(Directory)!, warn: progress.Info);
        model.OnDocumentPrefix = prefix =>
        {
            if (prefix.LoadedFromDisk) progress.Info($"document cache: restored {prefix.Tokens} tokens");
            else if (prefix.Saved) progress.Info($"document cache: saved {prefix.Tokens} tokens");
        };
    }
}
