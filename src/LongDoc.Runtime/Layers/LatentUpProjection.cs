using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// The MLA up-projection from the latent c (R = kv_lora) to head h's k_nope (N) and v (Dv), in either GGUF layout:
/// legacy attn_kv_b (H*(N+Dv), R), per head N rows of k then Dv rows of v (also Hugging Face's kv_b_proj); or split
/// attn_k_b (H, R, N), stored transposed for absorption, and attn_v_b (H, Dv, R). Each layout makes one use of the
/// k part a plain matmul (legacy: decompress k = W_k c; split: absorb W_k^T q_nope), and each is the one llama.cpp
/// runs for that layout: the split layout is only absorbed (prefill too), legacy prefill decompresses.
/// Legacy decode absorbs as well, yet computes what llama.cpp's decompressing decode computes: there the latent is
/// quantized as attn_kv_b's activation (Q8_0, Q8_K, ...) and k = W_k Q(c), v = W_v Q(c) are f32, so scores
/// q_nope . W_k Q(c) = (W_k^T q_nope) . Q(c) and outputs sum_p a_p W_v Q(c_p) = W_v sum_p a_p Q(c_p) need the cache
/// to hold Q(c) (<see cref="RoundLatent"/>) and both products in f32 on the decoded weights, with nothing quantized
/// in between: f32 copies of W_k^T (R, N) and W_v (Dv, R) per head, decoded once at load (2*H*R*N*4 bytes a layer
/// for N = Dv: 8 MiB for V2-Lite, 64 MiB for DeepSeek-V3). Where no rounding of c reproduces that quantization
/// (Q4_1 and Q5_1 attn_kv_b: see <see cref="ActivationRoundTrip"/>) legacy decode decompresses, as llama.cpp does.
/// The split layout projects the weighted latent with its stored attn_v_b, quantizing it, as llama.cpp's MLA graph does.
/// </summary>
public sealed class LatentUpProjection
{
    readonly WeightMatrix[] _k, _v;    // per head: legacy k (N, R) or split k (R, N); v (Dv, R)
    readonly WeightMatrix[] _absorb;   // per head (R, N): split k, or legacy k transposed into _copies
    readonly WeightMatrix[] _project;  // per head (Dv, R): split v, or legacy v decoded into _copies
    readonly float[]? _copies;         // pinned: the legacy layout's W_k^T then W_v of every head, (H, R, N) (H, Dv, R)
    readonly bool _split, _roundLatent;

    public IEnumerable<WeightMatrix> Weights => _k.Concat(_v);

    public int Latent { get; }         // R
    public int Nope { get; }           // N
    public int Value { get; }          // Dv

    /// <summary>Split attn_k_b/attn_v_b: attention runs in latent space for every batch, as llama.cpp's MLA graph.</summary>
    public bool IsSplit => _split;

    /// <summary>Whether one token's attention may run in latent space and still compute what llama.cpp computes:
    /// always in the split layout; in the legacy layout where the cached latent is rounded exactly (<see cref="RoundLatent"/>).</summary>
    public bool AbsorbsDecode => _split || _roundLatent;

    unsafe LatentUpProjection(WeightMatrix[] k, WeightMatrix[] v, bool split, int latent, int nope, int value)
    {
        _k = k; _v = v; _split = split; Latent = latent; Nope = nope; Value = value;
        _roundLatent = !split && ActivationRoundTrip.Exact(k[0].Type);
        if (split) { _absorb = k; _project = v; return; }
        int kSize = latent * nope, vSize = value * latent, heads = k.Length;
        _copies = GC.AllocateUninitializedArray<float>(heads * (kSize + vSize), pinned: true);
        _absorb = new WeightMatrix[heads];
        _project = new WeightMatrix[heads];
        var rows = new float[kSize];                                             // (N, R)
        for (int h = 0; h < heads; h++)
        {
            var kT = _copies.AsSpan(h * kSize, kSize);                           // (R, N)
            for (int j = 0; j < nope; j++) RowDecoder.ToSingle(k[h].Type, k[h].Row(j), rows.AsSpan(j * latent, latent));
            for (int j = 0; j < nope; j++)
                for (int r = 0; r < latent; r++) kT[r * nope + j] = rows[j * latent + r];
            var vh = _copies.AsSpan(heads * kSize + h * vSize, vSize);           // (Dv, R)
            for (int j = 0; j < value; j++) RowDecoder.ToSingle(v[h].Type, v[h].Row(j), vh.Slice(j * latent, latent));
            fixed (float* p = kT) _absorb[h] = new WeightMatrix(GgmlType.F32, latent, nope, (byte*)p); // pinned: stays put
            fixed (float* p = vh) _project[h] = new WeightMatrix(GgmlType.F32, value, latent, (byte*)p);
        }
    }

    /// <summary>Legacy layout: c (R) as llama.cpp's decompressing matmul sees it, quantized and dequantized as the
    /// activation of attn_kv_b's type (what the cache keeps; decompressing it again quantizes to the same integers).
    /// The split layout attends with c itself, and a legacy layout that decompresses in decode keeps c as well.</summary>
    public void RoundLatent(Span<float> c)
    {
        if (_roundLatent) ActivationRoundTrip.Apply(_k[0].Type, c);
    }

    /// <summary>Legacy attn_kv_b (H*(N+Dv), R): head h's k rows start at h*(N+Dv), its v rows N later.</summary>
    public static unsafe LatentUpProjection FromCombined(WeightMatrix kvB, int heads, int nope, int value)
    {
        if (kvB.Rows != heads * (nope + value))
            throw new ArgumentException($"attn_kv_b has {kvB.Rows} rows, expected {heads} heads x ({nope} + {value})");
        var k = new WeightMatrix[heads];
        var v = new WeightMatrix[heads];
        for (int h = 0; h < heads; h++)
        {
            long row = (long)h * (nope + value);
            k[h] = new WeightMatrix(kvB.Type, nope, kvB.Cols, kvB.Data + row * kvB.RowBytes);
            v[h] = new WeightMatrix(kvB.Type, value, kvB.Cols, kvB.Data + (row + nope) * kvB.RowBytes);
        }
        return new LatentUpProjection(k, v, split: false, kvB.Cols, nope, value);
    }

    /// <summary>Split attn_k_b (per head (R, N)) and attn_v_b (per head (Dv, R)).</summary>
    public static LatentUpProjection FromSplit(WeightMatrix[] kB, WeightMatrix[] vB) =>
        new(kB, vB, split: true, kB[0].Rows, kB[0].Cols, vB[0].Rows);

    /// <summary>k_nope (P, N) = c (P, R) @ W_k^T for head h: legacy layout only (the split layout runs in latent space).</summary>
    public void Decompress(IBackend backend, int h, ReadOnlySpan<float> c, int positions, Span<float> kNope)
    {
        if (_split) throw new InvalidOperationException("the split attn_k_b layout is not decompressed: it attends in latent space");
        backend.MatMul(_k[h], c, kNope[..(positions * Nope)], positions);
    }

    /// <summary>Every head's q_nope absorbed in one call: qLatent (H, R) with row h = W_k,h^T qNope_h (qNope (H, N)).</summary>
    public void AbsorbHeads(IBackend backend, ReadOnlySpan<float> qNope, Span<float> qLatent) =>
        backend.MatMulPerToken(_absorb, qNope, qLatent[..(_absorb.Length * Latent)]);

    /// <summary>Every head's output from its own attention-weighted latent in one call: o (H, Dv) with row h = W_v,h x_h (x (H, R)).</summary>
    public void ProjectHeads(IBackend backend, ReadOnlySpan<float> x, Span<float> o) =>
        backend.MatMulPerToken(_project, x, o[..(_project.Length * Value)]);

    /// <summary>qLatent (T, R) = qNope (T, N) @ W_k for head h: <see cref="AbsorbHeads"/> for a batch of tokens in one
    /// matmul.</summary>
    public void AbsorbBatch(IBackend backend, int h, ReadOnlySpan<float> qNope, int tokens, Span<float> qLatent) =>
        backend.MatMul(_absorb[h], qNope, qLatent[..(tokens * Latent)], tokens);

    /// <summary>o (T, Dv) = x (T, R) @ W_v^T for head h, x attention-weighted latents: <see cref="ProjectHeads"/> for a batch.</summary>
    public void Project(IBackend backend, int h, ReadOnlySpan<float> x, int tokens, Span<float> o) =>
        backend.MatMul(_project[h], x, o[..(tokens * Value)], tokens);

    /// <summary>v (P, Dv) = c (P, R) @ W_v^T for head h in the stored type: legacy decompression of cached latents.</summary>
    public void Values(IBackend backend, int h, ReadOnlySpan<float> c, int positions, Span<float> v)
    {
        if (_split) throw new InvalidOperationException("the split attn_v_b layout is not decompressed: it attends in latent space");
        backend.MatMul(_v[h], c, v[..(positions * Value)], positions);
    }
}
