using LLama.Native;

namespace LongDoc.Oracle;

/// <summary>
/// logits --model PATH --tokens 1,2,3 [--all-positions] [--threads N] [--ctx N] [--kv f32|f16]
/// -> {"n_vocab": V, "logits": [[V floats], ...]}: one row per position with --all-positions, else the last only.
/// All tokens go in one batch (one micro-batch) from position 0 with logits requested for every position.
/// </summary>
static class LogitsCommand
{
    public static int Run(string[] argv)
    {
        var a = new OracleArgs(argv, new HashSet<string> { "--all-positions" });
        string model = a.Required("--model");
        int[] tokens = a.Tokens("--tokens");
        bool all = a.Flag("--all-positions");
        int threads = a.Int("--threads", 1);
        int ctx = Math.Max(a.Int("--ctx", tokens.Length), tokens.Length);
        var kv = SessionOptions.ParseKv(a.String("--kv"), GGMLType.GGML_TYPE_F32);
        a.EnsureAllUsed();
        if (tokens.Length == 0) throw new OracleUsageException("--tokens is empty");

        using var session = new LlamaSession(model, new SessionOptions(ctx, ctx, ctx, threads, kv, FlashAttention: false));
        CheckTokens(tokens, session.VocabSize);
        var batch = new LLamaBatch();
        // Logits for every position even when only the last is printed: the last row is then the same bits
        // either way (a one-row output matmul sums in another order, ~1e-7 apart).
        session.Decode(batch, tokens, start: 0, allLogits: true);

        int first = all ? 0 : tokens.Length - 1;
        JsonOut.Write(w =>
        {
            w.WriteNumber("n_vocab", session.VocabSize);
            w.WriteStartArray("logits");
            for (int i = first; i < tokens.Length; i++)
                JsonOut.Floats(w, session.Context.GetLogitsIth(i)[..session.VocabSize]);
            w.WriteEndArray();
        });
        return 0;
    }

    public static void CheckTokens(ReadOnlySpan<int> tokens, int vocab)
    {
        foreach (var t in tokens)
            if ((uint)t >= (uint)vocab) throw new OracleUsageException($"token {t} is outside the vocabulary (0..{vocab - 1})");
    }
}
