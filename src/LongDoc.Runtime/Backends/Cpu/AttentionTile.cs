using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// The two inner loops of block-sparse prefill over one decoded key block, written so that no horizontal sum is needed:
/// scores of one query against a transposed key block (each channel broadcast, four row vectors accumulated), and the
/// weighted sum of the block's value rows into the output (four output vectors held in registers over the rows).
/// Legend: Dk key length, Dv value length, S row stride of the transposed block (a multiple of 64, zero-padded).
/// </summary>
internal static unsafe class AttentionTile
{
    public const int RowAlign = 64;

    /// <summary>s (S) = scale * kt^T q, kt (Dk, S): every padded row is computed, callers read the first rows.</summary>
    public static void Scores(float* kt, int stride, float* q, int dk, float scale, float* s)
    {
        if (Vector512.IsHardwareAccelerated) Scores512(kt, stride, q, dk, scale, s);
        else if (Vector256.IsHardwareAccelerated) Scores256(kt, stride, q, dk, scale, s);
        else ScoresScalar(kt, stride, q, dk, scale, s);
    }

    /// <summary>The reference: what every SIMD path must equal to float tolerance.</summary>
    public static void ScoresScalar(float* kt, int stride, float* q, int dk, float scale, float* s)
    {
        for (int r = 0; r < stride; r++)
        {
            float acc = 0;
            for (int d = 0; d < dk; d++) acc += kt[(long)d * stride + r] * q[d];
            s[r] = scale * acc;
        }
    }

    public static void Scores512(float* kt, int stride, float* q, int dk, float scale, float* s)
    {
        for (int r0 = 0; r0 < stride; r0 += 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* row = kt + r0;
            for (int d = 0; d < dk; d++, row += stride)
            {
                var qd = Vector512.Create(q[d]);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(row), qd, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 16), qd, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 32), qd, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 48), qd, a3);
            }
            var sc = Vector512.Create(scale);
            (a0 * sc).Store(s + r0); (a1 * sc).Store(s + r0 + 16); (a2 * sc).Store(s + r0 + 32); (a3 * sc).Store(s + r0 + 48);
        }
    }

    public static void Scores256(float* kt, int stride, float* q, int dk, float scale, float* s)
    {
        for (int r0 = 0; r0 < stride; r0 += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* row = kt + r0;
            for (int d = 0; d < dk; d++, row += stride)
            {
                var qd = Vector256.Create(q[d]);
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(row), qd, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 8), qd, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 16), qd, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(row + 24), qd, a3);
            }
            var sc = Vector256.Create(scale);
            (a0 * sc).Store(s + r0); (a1 * sc).Store(s + r0 + 8); (a2 * sc).Store(s + r0 + 16); (a3 * sc).Store(s + r0 + 24);
        }
    }

    /// <summary>o (Dv) += sum_j p[j] v[j], rows j of v (rows, stride vStride).</summary>
    public static void Accumulate(float* p, float* v, int vStride, int rows, float* o, int dv)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c + 64 <= dv; c += 64)
            {
                var a0 = Vector512.Load(o + c); var a1 = Vector512.Load(o + c + 16); var a2 = Vector512.Load(o + c + 32); var a3 = Vector512.Load(o + c + 48);
                float* row = v + c;
                for (int j = 0; j < rows; j++, row += vStride)
                {
                    var pj = Vector512.Create(p[j]);
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Load(row), pj, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 16), pj, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 32), pj, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 48), pj, a3);
                }
                a0.Store(o + c); a1.Store(o + c + 16); a2.Store(o + c + 32); a3.Store(o + c + 48);
            }
        }
        if (Vector256.IsHardwareAccelerated)
            for (; c + 8 <= dv; c += 8)
            {
                var a = Vector256.Load(o + c);
                float* row = v + c;
                for (int j = 0; j < rows; j++, row += vStride) a = Vector256.FusedMultiplyAdd(Vector256.Load(row), Vector256.Create(p[j]), a);
                a.Store(o + c);
            }
        AccumulateScalar(p, v, vStride, rows, o, c, dv);
    }

    /// <summary>The reference (from channel <paramref name="from"/> on).</summary>
    public static void AccumulateScalar(float* p, float* v, int vStride, int rows, float* o, int from, int dv)
    {
        for (int c = from; c < dv; c++)
        {
            float acc = o[c];
            for (int j = 0; j < rows; j++) acc += p[j] * v[(long)j * vStride + c];
            o[c] = acc;
        }
    }
}
