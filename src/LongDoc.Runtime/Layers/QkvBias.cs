using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Biases of the q, k and v projections (qwen2: attn_q.bias, attn_k.bias, attn_v.bias; llama when attention_bias is
/// set). Legend: T tokens, H heads, Hkv KV heads, Dk/Dv head dims. Added to every token's row after the matmul and
/// before RoPE, as llama.cpp's graph does (ggml_add of the bias onto the projection).
/// </summary>
public sealed class QkvBias(float[] q, float[] k, float[] v)
{
    /// <summary>The three biases of layer <paramref name="layer"/> when the file has them, else null; all or none.</summary>
    public static QkvBias? From(IModelWeights w, int layer)
    {
        string b = $"blk.{layer}.";
        string[] names = [b + "attn_q.bias", b + "attn_k.bias", b + "attn_v.bias"];
        int present = names.Count(w.Contains);
        if (present == 0) return null;
        if (present != names.Length)
            throw new WeightFormatException(w.Source, names.First(n => !w.Contains(n)), "missing: the q, k and v biases come together");
        return new QkvBias(w.Vector(names[0]), w.Vector(names[1]), w.Vector(names[2]));
    }

    /// <summary>Checks the bias lengths against the projections' rows (H*Dk, Hkv*Dk, Hkv*Dv).</summary>
    public void CheckRows(string source, int layer, int qRows, int kRows, int vRows)
    {
        foreach (var (bias, rows, name) in new[] { (q, qRows, "attn_q"), (k, kRows, "attn_k"), (v, vRows, "attn_v") })
            if (bias.Length != rows)
                throw new WeightFormatException(source, $"blk.{layer}.{name}.bias", $"length {bias.Length}, the projection has {rows} rows");
    }

    /// <summary>q (T, H*Dk) += bq, k (T, Hkv*Dk) += bk, v (T, Hkv*Dv) += bv, row by row.</summary>
    public void Add(IBackend backend, Span<float> qs, Span<float> ks, Span<float> vs, int tokens)
    {
        for (int t = 0; t < tokens; t++)
        {
            backend.Add(qs.Slice(t * q.Length, q.Length), q);
            backend.Add(ks.Slice(t * k.Length, k.Length), k);
            backend.Add(vs.Slice(t * v.Length, v.Length), v);
        }
    }
}
