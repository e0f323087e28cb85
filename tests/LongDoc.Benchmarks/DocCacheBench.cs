using System.Diagnostics;
using LongDoc.Runtime.Caching;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;

namespace LongDoc.Benchmarks;

/// <summary>
/// `--mode doc-cache`: time to first token of a question on a long document, cold (the whole document is prefilled,
/// then its KV cache is saved) against a second question in a freshly loaded model whose document prefix is restored
/// from the disk cache (PromptCacheStore). The document is -p random tokens, each question 32. Model loading is
/// outside both timings (a chat session loads the model once either way); the restore is inside the second.
/// </summary>
static class DocCacheBench
{
    const int QuestionTokens = 32;

    public static int Run(BenchArgs options, string modelPath)
    {
        var random = new Random(options.Seed);
        int vocab;
        using (var probe = ModelFiles.Open(modelPath)) vocab = probe.Config.VocabSize;
        int[] document = [.. Enumerable.Range(0, options.Prompt).Select(_ => random.Next(3, vocab))];
        int[] Question() => [.. document, .. Enumerable.Range(0, QuestionTokens).Select(_ => random.Next(3, vocab))];
        var runtime = new RuntimeOptions
        {
            ContextSize = options.Prompt + QuestionTokens + options.Generate, Threads = options.Threads,
            KvCacheType = Enum.Parse<KvCacheType>(options.Kv, ignoreCase: true),
        };
        string dir = Path.Combine(options.CacheDir, $"kv-{Environment.ProcessId}");
        var store = new PromptCacheStore(dir);
        try
        {
            TimeSpan cold, save, warm, restore;
            long fileBytes;
            using (var first = ModelLoader.Load(modelPath, runtime))
            {
                var generator = new TextGenerator(first.Model, ModelTokenizers.Tokenizer(first.Files));
                cold = FirstToken(generator, Question());
                var key = PromptCacheKey.For(first, "bench-document");
                var clock = Stopwatch.StartNew();
                store.Save(key, first.Transformer, document);
                save = clock.Elapsed;
                fileBytes = new FileInfo(store.PathFor(key)).Length;
            }
            using (var second = ModelLoader.Load(modelPath, runtime))
            {
                var generator = new TextGenerator(second.Model, ModelTokenizers.Tokenizer(second.Files));
                var clock = Stopwatch.StartNew();
                if (!store.TryLoad(PromptCacheKey.For(second, "bench-document"), second.Transformer, out var tokens))
                    throw new InvalidOperationException("the document cache just saved did not load");
                generator.AdoptPrefix(tokens);
                restore = clock.Elapsed;
                warm = restore + FirstToken(generator, Question());
            }
            Console.WriteLine($"document {options.Prompt} tokens + question {QuestionTokens}, kv {options.Kv}, threads {options.Threads}");
            Console.WriteLine($"first question  (prefill all):          time to first token {cold.TotalSeconds,8:F3} s");
            Console.WriteLine($"save document cache:                    {save.TotalSeconds,8:F3} s, {fileBytes / 1e6:F1} MB");
            Console.WriteLine($"second question (cache from disk):      time to first token {warm.TotalSeconds,8:F3} s (restore {restore.TotalSeconds:F3} s)");
            Console.WriteLine($"ratio first/second: {cold / warm:F1}x");
            return 0;
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    static TimeSpan FirstToken(TextGenerator generator, int[] prompt)
    {
        var clock = Stopwatch.StartNew();
        var chunks = generator.GenerateAsync(prompt, SamplingOptions.Greedy with { MaxTokens = 1 }).GetAsyncEnumerator();
        try
        {
            while (chunks.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                if (chunks.Current.TokenId is not null || chunks.Current.IsFinal) return clock.Elapsed;
            return clock.Elapsed;
        }
        finally { chunks.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }
}
