using System.Diagnostics;
using LLama.Native;

namespace LongDoc.Oracle;

/// <summary>
/// bench --model PATH -p 512 -n 128 --reps 3 --threads 2 [--flash-attn] [--kv f16|f32] [--seed S]
/// -> {"prefill_tok_s": [reps], "decode_tok_s": [reps]}. Like llama-bench: one warm-up rep that is not
/// reported; each rep clears the cache, prefills one batch of p random tokens (micro-batch 512, llama-bench's
/// default), then decodes n random tokens one at a time. Defaults follow llama-bench: F16 cache, no flash attention.
/// </summary>
static class BenchCommand
{
    public static int Run(string[] argv)
    {
        var a = new OracleArgs(argv, new HashSet<string> { "--flash-attn" });
        string model = a.Required("--model");
        int p = a.Int("-p", 512);
        int n = a.Int("-n", 128);
        int reps = a.Int("--reps", 3);
        int threads = a.Int("--threads", 2);
        bool flash = a.Flag("--flash-attn");
        var kv = SessionOptions.ParseKv(a.String("--kv"), GGMLType.GGML_TYPE_F16);
        int seed = a.Int("--seed", 1234);
        a.EnsureAllUsed();
        if (p < 1 || n < 1 || reps < 1) throw new OracleUsageException($"-p, -n and --reps must be >= 1; got {p}, {n}, {reps}");

        using var session = new LlamaSession(model, new SessionOptions(p + n, p, Math.Min(p, 512), threads, kv, flash));
        var random = new Random(seed);
        var batch = new LLamaBatch();
        var prompt = new int[p];
        var prefill = new List<double>();
        var decode = new List<double>();
        Span<int> one = stackalloc int[1];
        for (int rep = -1; rep < reps; rep++)
        {
            for (int i = 0; i < p; i++) prompt[i] = random.Next(session.VocabSize);
            session.Context.MemoryClear(true);

            long t0 = Stopwatch.GetTimestamp();
            session.Decode(batch, prompt, start: 0, allLogits: false);
            session.Context.Synchronize();
            double prefillSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;

            long t1 = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++)
            {
                one[0] = random.Next(session.VocabSize);
                session.Decode(batch, one, start: p + i, allLogits: true);
            }
            session.Context.Synchronize();
            double decodeSeconds = Stopwatch.GetElapsedTime(t1).TotalSeconds;

            if (rep < 0) continue; // warm-up
            prefill.Add(p / prefillSeconds);
            decode.Add(n / decodeSeconds);
        }
        JsonOut.Write(w =>
        {
            JsonOut.Doubles(w, "prefill_tok_s", prefill);
            JsonOut.Doubles(w, "decode_tok_s", decode);
        });
        return 0;
    }
}
