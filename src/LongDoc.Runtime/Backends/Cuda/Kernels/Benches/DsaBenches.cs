using LongDoc.Runtime.Backends.Cuda.Bench;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Benches;

/// <summary>
/// Benchmarks of DeepSeek Sparse Attention's kernels at DeepSeek-V3.2's widths and 32k context: the indexer (64 heads
/// of 128) scoring every position for 16 tokens, their top 2048, and MLA (128 heads, latent 512 + 64) over 2048
/// selected positions for one decode token. Bytes are what memory must deliver at least (each key or latent row once,
/// scores written and read); flops the tensor or FMA work (2 per multiply-add).
/// </summary>
public static class DsaBenches
{
    const int Context = 32768, Tokens = 16, IndexHeads = 64, IndexDim = 128, TopK = 2048, Heads = 128, Latent = 512, Rope = 64;

    public static readonly IReadOnlyList<(string Name, Func<CudaDevice, CudaKernels, BenchCase> Create)> All =
    [
        ("dsa_index_scores", Index),
        ("dsa_topk", TopKSelect),
        ("dsa_mla_f16", Mla),
    ];

    static BenchCase Index(CudaDevice d, CudaKernels k)
    {
        var shape = new DsaIndexShape(Tokens, IndexHeads, IndexDim, Context - Tokens, Context, Context);
        var q = SparseBenches.Zeros<float>(d, (long)Tokens * IndexHeads * IndexDim);
        var w = SparseBenches.Zeros<float>(d, (long)Tokens * IndexHeads);
        var keys = SparseBenches.Zeros<ushort>(d, (long)Context * IndexDim);
        var scores = SparseBenches.Zeros<float>(d, (long)Tokens * Context);
        double bytes = (double)Context * IndexDim * 2 + (double)Tokens * Context * 4;
        var c = new BenchCase("dsa_index_scores", $"S={Context} T={Tokens} Hi={IndexHeads} Di={IndexDim}", bytes, 2.0 * Tokens * Context * IndexHeads * IndexDim,
            s => DsaIndexLauncher.Run(k, s, shape, q.Pointer, w.Pointer, keys.Pointer, scores.Pointer, 0.011f));
        c.Buffers.AddRange([q, w, keys, scores]);
        return c;
    }

    /// <summary>Scores with few distinct values (ties in every radix pass), the case the last pass must resolve by position.</summary>
    static BenchCase TopKSelect(CudaDevice d, CudaKernels k)
    {
        var rng = new Random(5);
        var x = new float[Tokens * Context];
        for (int i = 0; i < x.Length; i++) x[i] = rng.Next(4096) * 0.01f;
        var scores = SparseBenches.Upload(d, x);
        var sel = SparseBenches.Zeros<int>(d, (long)Tokens * TopK);
        var n = SparseBenches.Zeros<int>(d, Tokens);
        var c = new BenchCase("dsa_topk", $"S={Context} T={Tokens} K={TopK}", 5.0 * Tokens * Context * 4, 0,
            s => DsaTopKLauncher.Run(k, s, Tokens, Context, Context - Tokens, TopK, scores.Pointer, sel.Pointer, n.Pointer));
        c.Buffers.AddRange([scores, sel, n]);
        return c;
    }

    static BenchCase Mla(CudaDevice d, CudaKernels k)
    {
        var shape = new DsaMlaShape(1, Heads, Latent, Rope, TopK);
        var list = Enumerable.Range(0, TopK).Select(i => (int)((long)i * Context / TopK)).ToArray();
        var q = SparseBenches.Zeros<float>(d, (long)Heads * shape.Row);
        var cache = SparseBenches.Zeros<ushort>(d, (long)Context * shape.Row);
        var sel = SparseBenches.Upload(d, list);
        var n = SparseBenches.Upload(d, new[] { TopK });
        var o = SparseBenches.Zeros<float>(d, (long)Heads * Latent);
        var c = new BenchCase("dsa_mla_f16", $"S={Context} H={Heads} R={Latent}+{Rope} K={TopK} decode", (double)TopK * shape.Row * 2,
            2.0 * Heads * TopK * (shape.Row + Latent),
            s => DsaMlaLauncher.Run(k, s, shape, q.Pointer, cache.Pointer, sel.Pointer, n.Pointer, o.Pointer, 0.072f));
        c.Buffers.AddRange([q, cache, sel, n, o]);
        return c;
    }
}
