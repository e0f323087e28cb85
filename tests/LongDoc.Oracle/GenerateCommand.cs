using LLama.Native;

namespace LongDoc.Oracle;

/// <summary>
/// generate --model PATH --tokens 1,2,3 --n 32 [--threads N] [--ctx N] [--kv f32|f16] [--logits] -> {"tokens": [n ids]}
/// (+ "logits": [[V floats] per step] with --logits: the row each id was picked from, the prompt's last then each decode's).
/// Greedy on the raw logits (argmax, lowest id wins a tie) with no sampler chain, and exactly n tokens:
/// end-of-generation tokens do not stop it, so the comparison never depends on a vocabulary's EOS.
/// </summary>
static class GenerateCommand
{
    public static int Run(string[] argv)
    {
        var a = new OracleArgs(argv, new HashSet<string> { "--logits" });
        string model = a.Required("--model");
        int[] prompt = a.Tokens("--tokens");
        int n = a.Int("--n", 32);
        int threads = a.Int("--threads", 1);
        int ctx = Math.Max(a.Int("--ctx", prompt.Length + n), prompt.Length + n);
        var kv = SessionOptions.ParseKv(a.String("--kv"), GGMLType.GGML_TYPE_F32);
        bool logits = a.Flag("--logits");
        a.EnsureAllUsed();
        if (prompt.Length == 0) throw new OracleUsageException("--tokens is empty");
        if (n < 0) throw new OracleUsageException($"--n must be >= 0; got {n}");

        using var session = new LlamaSession(model, new SessionOptions(ctx, prompt.Length, prompt.Length, threads, kv, FlashAttention: false));
        LogitsCommand.CheckTokens(prompt, session.VocabSize);
        var batch = new LLamaBatch();
        var generated = new int[n];
        var rows = new float[logits ? n : 0][];
        session.Decode(batch, prompt, start: 0, allLogits: false);
        Span<int> one = stackalloc int[1];
        for (int i = 0; i < n; i++)
        {
            // logits of the last token of the previous decode: the prompt's last, then each single token (index 0)
            int row = i == 0 ? prompt.Length - 1 : 0;
            var values = session.Context.GetLogitsIth(row)[..session.VocabSize];
            generated[i] = ArgMax(values);
            if (logits) rows[i] = values.ToArray();
            if (i == n - 1) break;
            one[0] = generated[i];
            session.Decode(batch, one, start: prompt.Length + i, allLogits: true);
        }
        JsonOut.Write(w =>
        {
            JsonOut.Ints(w, "tokens", generated);
            if (!logits) return;
            w.WriteStartArray("logits");
            foreach (var r in rows) JsonOut.Floats(w, r);
            w.WriteEndArray();
        });
        return 0;
    }

    /// <summary>Index of the largest value; the lowest index wins a tie (strict greater-than).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
