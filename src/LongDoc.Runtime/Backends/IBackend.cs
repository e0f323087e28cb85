using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends;

/// <summary>
/// The ops a transformer forward pass needs, over row-major f32 activations. The model code calls only these,
/// so a CPU and a CUDA implementation are interchangeable. Legend: T tokens, D hidden, H heads, Hkv KV heads,
/// Dk/Dv head dims, V vocabulary. No op allocates: callers pass buffers sized once (RunState).
/// </summary>
public interface IBackend : IDisposable
{
    string Name { get; }
    int Threads { get; }

    /// <summary>Called once per weight when a model is built, before any op uses it. CPU: faults the memory-mapped
    /// pages in, so the first tokens do not pay a page fault per 4 KiB of every expert they meet; CUDA: uploads.</summary>
    void Prepare(in WeightMatrix w);

    /// <summary>y (T, Rows) = x (T, Cols) @ W (Rows, Cols)^T, W in its stored type. Weights are read once per batch.</summary>
    void MatMul(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int tokens);

    /// <summary>
    /// y (T, Rows) with token t's row = W_t (Rows, Cols) x_t: one token through each of T same-shaped matrices in one
    /// call (MLA decode's per-head absorption and value projection). Each result equals MatMul(w[t], x_t, .., 1)'s.
    /// </summary>
    void MatMulPerToken(ReadOnlySpan<WeightMatrix> w, ReadOnlySpan<float> x, Span<float> y);

    /// <summary>
    /// y (G, width) = a (G, P) @ rows (P, :width): weighted sums of the first <paramref name="width"/> values of each
    /// row of <paramref name="rows"/> (F32 or F16, read where it lies), accumulated in row order (MLA decode's
    /// attention-weighted latent over the cache).
    /// </summary>
    void WeightedRowSum(in WeightMatrix rows, ReadOnlySpan<float> a, int groups, int width, Span<float> y);

    /// <summary>y (T, Cols) = rows <paramref name="ids"/> (T) of W decoded to f32 (embedding lookup).</summary>
    void GetRows(in WeightMatrix w, ReadOnlySpan<int> ids, Span<float> y);

    /// <summary>Per row of weight.Length: y = x / sqrt(mean(x^2) + eps) * weight. x and y may be the same span.</summary>
    void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, float eps);

    /// <summary>
    /// Rotates in place the slice [offset, offset + rope.Dims) of each of the <paramref name="heads"/> rows of
    /// <paramref name="stride"/> values per token of x (T, heads, stride), for positions start..start+T-1 (whole heads:
    /// stride = Dh, offset 0; deepseek2's q_pe: stride Dk, offset nope; its k_pe in the latent row: heads 1, stride R + Pe,
    /// offset R). <see cref="RopeParams"/> carries style, base, frequency factors and YaRN.
    /// </summary>
    void Rope(Span<float> x, int tokens, int heads, int stride, int offset, int start, RopeParams rope);

    /// <summary>
    /// MoE routing, the rules of Layers/MoeRouter.cs: router logits (T, E) -> the chosen experts ids (T, A), best first,
    /// and their weights (T, A); bias (E) is the score-correction bias (it picks, never weighs) or empty. The logits are
    /// scratch afterwards. Returns the smallest margin at a selection boundary (the A-th expert against the next, the last
    /// kept group against the next) over these tokens, or +inf where the backend does not measure it.
    /// </summary>
    float Route(Span<float> logits, int tokens, int experts, RouterOptions options, ReadOnlySpan<float> bias, Span<int> ids, Span<float> weights);

    /// <summary>Index of the largest of the logits (V); the lowest index wins a tie (greedy decoding).</summary>
    int Argmax(ReadOnlySpan<float> logits);

    /// <summary>
    /// One token from logits (V), as Generation/Sampler.cs chains it: the logits penalized in place for each distinct
    /// token of <paramref name="recent"/> (the repetition window; ids outside the vocabulary ignored), then top-k,
    /// top-p, min-p and the temperature softmax of <paramref name="options"/>, and the candidate where
    /// <paramref name="u"/> (uniform in [0, 1) from the host's seeded generator) lands; temperature 0: the argmax.
    /// </summary>
    int Sample(Span<float> logits, ReadOnlySpan<int> recent, SamplingOptions options, double u);

    /// <summary>Appends k (T, Hkv*Dk) and v (T, Hkv*Dv) to the cache of a layer at positions start..</summary>
    void StoreKv(KvCache cache, int layer, int start, int tokens, ReadOnlySpan<float> k, ReadOnlySpan<float> v);

    /// <summary>Causal GQA attention: q (T, H*Dk) at positions start.. over cached positions 0..start+t -> o (T, H*Dv).
    /// Scores scaled by 1/sqrt(Dk); head h reads KV head h / (H / Hkv).</summary>
    void Attention(ReadOnlySpan<float> q, KvCache cache, int layer, int start, int tokens, int heads, Span<float> o);

    /// <summary>Softmax of each row of <paramref name="rowLength"/> in place, max-subtracted.</summary>
    void Softmax(Span<float> x, int rowLength);

    /// <summary>gate = silu(gate) * up (SwiGLU).</summary>
    void SiluMul(Span<float> gate, ReadOnlySpan<float> up);

    /// <summary>x += y.</summary>
    void Add(Span<float> x, ReadOnlySpan<float> y);

    /// <summary>y += a * x.</summary>
    void AddScaled(Span<float> y, ReadOnlySpan<float> x, float a);
}
