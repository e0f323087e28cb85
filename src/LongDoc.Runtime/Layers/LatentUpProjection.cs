using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// The MLA up-projection from the latent c (R = kv_lora) to head h's k_nope (N) and v (Dv), in either GGUF layout:
/// legacy attn_kv_b (H*(N+Dv), R), per head N rows of k then Dv rows of v (also Hugging Face's kv_b_proj); or split
/// attn_k_b (H, R, N), stored transposed for absorption, and attn_v_b (H, Dv, R). Each head is decoded to f32 in one
/// orientation whatever the layout: Kt (R, N) so that q_nope absorbed is Kt q_nope and k_nope = c Kt, and V (Dv, R).
/// </summary>
public sealed class LatentUpProjection
{
    readonly WeightMatrix[] _k, _v;    // per head: rows to decode
    readonly bool _kTransposed;        // true when _k[h] is (N, R) (legacy): decoded rows must be transposed
    readonly int[] _ids;

    public IEnumerable<WeightMatrix> Weights => _k.Concat(_v);

    public int Latent { get; }         // R
    public int Nope { get; }           // N
    public int Value { get; }          // Dv

    LatentUpProjection(WeightMatrix[] k, WeightMatrix[] v, bool kTransposed, int latent, int nope, int value)
    {
        _k = k; _v = v; _kTransposed = kTransposed; Latent = latent; Nope = nope; Value = value;
        _ids = [.. Enumerable.Range(0, Math.Max(Math.Max(latent, nope), value))];
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
        return new LatentUpProjection(k, v, kTransposed: true, kvB.Cols, nope, value);
    }

    /// <summary>Split attn_k_b (per head (R, N)) and attn_v_b (per head (Dv, R)).</summary>
    public static LatentUpProjection FromSplit(WeightMatrix[] kB, WeightMatrix[] vB) =>
        new(kB, vB, kTransposed: false, kB[0].Rows, kB[0].Cols, vB[0].Rows);

    /// <summary>Head h's Kt (R, N) in f32; <paramref name="scratch"/> holds R*N floats for the transpose.</summary>
    public void DecodeK(IBackend backend, int h, Span<float> kt, Span<float> scratch)
    {
        if (!_kTransposed) { backend.GetRows(_k[h], _ids.AsSpan(0, Latent), kt[..(Latent * Nope)]); return; }
        var rows = scratch[..(Nope * Latent)];                       // (N, R)
        backend.GetRows(_k[h], _ids.AsSpan(0, Nope), rows);
        for (int j = 0; j < Nope; j++)
            for (int r = 0; r < Latent; r++) kt[r * Nope + j] = rows[j * Latent + r];
    }

    /// <summary>Head h's V (Dv, R) in f32.</summary>
    public void DecodeV(IBackend backend, int h, Span<float> v) => backend.GetRows(_v[h], _ids.AsSpan(0, Value), v[..(Value * Latent)]);
}
