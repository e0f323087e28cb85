using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// The MLA up-projection from the latent c (R = kv_lora) to head h's k_nope (N) and v (Dv), in either GGUF layout:
/// legacy attn_kv_b (H*(N+Dv), R), per head N rows of k then Dv rows of v (also Hugging Face's kv_b_proj); or split
/// attn_k_b (H, R, N), stored transposed for absorption, and attn_v_b (H, Dv, R). Each layout makes one use of the
/// k part a plain matmul (legacy: decompress k = W_k c; split: absorb W_k^T q_nope), and each is the one llama.cpp
/// runs for that layout: the split layout is only absorbed (prefill too), legacy prefill decompresses. Legacy decode
/// absorbs as well, from an f32 (R, N) copy of W_k^T per head decoded once at load (H*R*N*4 bytes a layer: 4 MiB for
/// the bench shape, 32 MiB for DeepSeek-V3). v is (Dv, R) in both, so v = W_v c is always a matmul.
/// </summary>
public sealed class LatentUpProjection
{
    readonly WeightMatrix[] _k, _v;    // per head: legacy k (N, R) or split k (R, N); v (Dv, R)
    readonly WeightMatrix[] _absorb;   // per head (R, N): split k, or legacy k transposed into _absorbCopy
    readonly float[]? _absorbCopy;     // pinned: the legacy layout's W_k^T of every head, (H, R, N)
    readonly bool _split;

    public IEnumerable<WeightMatrix> Weights => _k.Concat(_v);

    public int Latent { get; }         // R
    public int Nope { get; }           // N
    public int Value { get; }          // Dv

    /// <summary>Split attn_k_b/attn_v_b: attention runs in latent space for every batch, as llama.cpp's MLA graph.</summary>
    public bool IsSplit => _split;

    unsafe LatentUpProjection(WeightMatrix[] k, WeightMatrix[] v, bool split, int latent, int nope, int value)
    {
        _k = k; _v = v; _split = split; Latent = latent; Nope = nope; Value = value;
        if (split) { _absorb = k; return; }
        int size = latent * nope;
        _absorbCopy = GC.AllocateUninitializedArray<float>(k.Length * size, pinned: true);
        _absorb = new WeightMatrix[k.Length];
        var rows = new float[size];                                              // (N, R)
        for (int h = 0; h < k.Length; h++)
        {
            var kT = _absorbCopy.AsSpan(h * size, size);                         // (R, N)
            for (int j = 0; j < nope; j++) RowDecoder.ToSingle(k[h].Type, k[h].Row(j), rows.AsSpan(j * latent, latent));
            for (int j = 0; j < nope; j++)
                for (int r = 0; r < latent; r++) kT[r * nope + j] = rows[j * latent + r];
            fixed (float* p = kT) _absorb[h] = new WeightMatrix(GgmlType.F32, latent, nope, (byte*)p); // pinned: stays put
        }
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

    /// <summary>Every head's value projection of its own latent in one call: v (H, Dv) with row h = W_v,h x_h (x (H, R)).</summary>
    public void ValuesHeads(IBackend backend, ReadOnlySpan<float> x, Span<float> v) =>
        backend.MatMulPerToken(_v, x, v[..(_v.Length * Value)]);

    /// <summary>qLatent (T, R) = qNope (T, N) @ W_k for head h: <see cref="Absorb"/> for a batch of tokens in one matmul
    /// (the latent-space sparse path of prefill).</summary>
    public void AbsorbBatch(IBackend backend, int h, ReadOnlySpan<float> qNope, int tokens, Span<float> qLatent) =>
        backend.MatMul(_absorb[h], qNope, qLatent[..(tokens * Latent)], tokens);

    /// <summary>v (T, Dv) = x (T, R) @ W_v^T for head h: values of latents, or the output of an attention-weighted latent.</summary>
    public void Values(IBackend backend, int h, ReadOnlySpan<float> x, int tokens, Span<float> v) =>
        backend.MatMul(_v[h], x, v[..(tokens * Value)], tokens);
}
