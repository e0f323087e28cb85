using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// The two small GEMMs of tiled attention over one decoded key block, register-blocked four query rows at a time so
/// that every key or value vector loaded from L1 feeds four FMAs and no horizontal sum is needed:
/// scores S (R, S) = Q (R, Dk) Kt (Dk, S), and the weighted values O (R, Dv) += P (R, rows) V (rows, Dv).
/// Legend: R query rows (a multiple of 4: callers pad with zero rows), Dk key length, Dv value length, S row stride of
/// the transposed key block (a multiple of <see cref="RowAlign"/>, zero-padded), rows the block's valid key rows.
/// </summary>
internal static unsafe class AttentionTile
{
    public const int RowAlign = 64;
    public const int QueryRows = 4;

    /// <summary>s (R, S) = q (R, Dk) kt (Dk, S): every padded column is computed, callers read the valid ones.</summary>
    public static void Scores(float* q, int rows, int dk, float* kt, int stride, float* s)
    {
        if (Vector512.IsHardwareAccelerated) Scores512(q, rows, dk, kt, stride, s);
        else if (Vector256.IsHardwareAccelerated) Scores256(q, rows, dk, kt, stride, s);
        else ScoresScalar(q, rows, dk, kt, stride, s);
    }

    /// <summary>The reference: what every SIMD path must equal to float tolerance.</summary>
    public static void ScoresScalar(float* q, int rows, int dk, float* kt, int stride, float* s)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < stride; c++)
            {
                float acc = 0;
                for (int d = 0; d < dk; d++) acc += q[(long)r * dk + d] * kt[(long)d * stride + c];
                s[(long)r * stride + c] = acc;
            }
    }

    /// <summary>4 rows x 64 columns per step: 16 accumulators, 4 key loads and 4 broadcasts per 16 FMAs.</summary>
    public static void Scores512(float* q, int rows, int dk, float* kt, int stride, float* s)
    {
        for (int r = 0; r < rows; r += QueryRows)
        {
            float* q0 = q + (long)r * dk, q1 = q0 + dk, q2 = q1 + dk, q3 = q2 + dk;
            for (int c = 0; c < stride; c += 64)
            {
                Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
                Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
                Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
                float* k = kt + c;
                for (int d = 0; d < dk; d++, k += stride)
                {
                    var k0 = Vector512.Load(k); var k1 = Vector512.Load(k + 16); var k2 = Vector512.Load(k + 32); var k3 = Vector512.Load(k + 48);
                    var b = Vector512.Create(q0[d]);
                    a00 = Vector512.FusedMultiplyAdd(k0, b, a00); a01 = Vector512.FusedMultiplyAdd(k1, b, a01);
                    a02 = Vector512.FusedMultiplyAdd(k2, b, a02); a03 = Vector512.FusedMultiplyAdd(k3, b, a03);
                    b = Vector512.Create(q1[d]);
                    a10 = Vector512.FusedMultiplyAdd(k0, b, a10); a11 = Vector512.FusedMultiplyAdd(k1, b, a11);
                    a12 = Vector512.FusedMultiplyAdd(k2, b, a12); a13 = Vector512.FusedMultiplyAdd(k3, b, a13);
                    b = Vector512.Create(q2[d]);
                    a20 = Vector512.FusedMultiplyAdd(k0, b, a20); a21 = Vector512.FusedMultiplyAdd(k1, b, a21);
                    a22 = Vector512.FusedMultiplyAdd(k2, b, a22); a23 = Vector512.FusedMultiplyAdd(k3, b, a23);
                    b = Vector512.Create(q3[d]);
                    a30 = Vector512.FusedMultiplyAdd(k0, b, a30); a31 = Vector512.FusedMultiplyAdd(k1, b, a31);
                    a32 = Vector512.FusedMultiplyAdd(k2, b, a32); a33 = Vector512.FusedMultiplyAdd(k3, b, a33);
                }
                float* o = s + (long)r * stride + c;
                a00.Store(o); a01.Store(o + 16); a02.Store(o + 32); a03.Store(o + 48); o += stride;
                a10.Store(o); a11.Store(o + 16); a12.Store(o + 32); a13.Store(o + 48); o += stride;
                a20.Store(o); a21.Store(o + 16); a22.Store(o + 32); a23.Store(o + 48); o += stride;
                a30.Store(o); a31.Store(o + 16); a32.Store(o + 32); a33.Store(o + 48);
            }
        }
    }

    /// <summary>4 rows x 32 columns per step (the AVX2 shape of <see cref="Scores512"/>).</summary>
    public static void Scores256(float* q, int rows, int dk, float* kt, int stride, float* s)
    {
        for (int r = 0; r < rows; r += QueryRows)
        {
            float* q0 = q + (long)r * dk, q1 = q0 + dk, q2 = q1 + dk, q3 = q2 + dk;
            for (int c = 0; c < stride; c += 32)
            {
                Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
                Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default;
                Vector256<float> a30 = default, a31 = default, a32 = default, a33 = default;
                float* k = kt + c;
                for (int d = 0; d < dk; d++, k += stride)
                {
                    var k0 = Vector256.Load(k); var k1 = Vector256.Load(k + 8); var k2 = Vector256.Load(k + 16); var k3 = Vector256.Load(k + 24);
                    var b = Vector256.Create(q0[d]);
                    a00 = Vector256.FusedMultiplyAdd(k0, b, a00); a01 = Vector256.FusedMultiplyAdd(k1, b, a01);
                    a02 = Vector256.FusedMultiplyAdd(k2, b, a02); a03 = Vector256.FusedMultiplyAdd(k3, b, a03);
                    b = Vector256.Create(q1[d]);
                    a10 = Vector256.FusedMultiplyAdd(k0, b, a10); a11 = Vector256.FusedMultiplyAdd(k1, b, a11);
                    a12 = Vector256.FusedMultiplyAdd(k2, b, a12); a13 = Vector256.FusedMultiplyAdd(k3, b, a13);
                    b = Vector256.Create(q2[d]);
                    a20 = Vector256.FusedMultiplyAdd(k0, b, a20); a21 = Vector256.FusedMultiplyAdd(k1, b, a21);
                    a22 = Vector256.FusedMultiplyAdd(k2, b, a22); a23 = Vector256.FusedMultiplyAdd(k3, b, a23);
                    b = Vector256.Create(q3[d]);
                    a30 = Vector256.FusedMultiplyAdd(k0, b, a30); a31 = Vector256.FusedMultiplyAdd(k1, b, a31);
                    a32 = Vector256.FusedMultiplyAdd(k2, b, a32); a33 = Vector256.FusedMultiplyAdd(k3, b, a33);
                }
                float* o = s + (long)r * stride + c;
                a00.Store(o); a01.Store(o + 8); a02.Store(o + 16); a03.Store(o + 24); o += stride;
                a10.Store(o); a11.Store(o + 8); a12.Store(o + 16); a13.Store(o + 24); o += stride;
                a20.Store(o); a21.Store(o + 8); a22.Store(o + 16); a23.Store(o + 24); o += stride;
                a30.Store(o); a31.Store(o + 8); a32.Store(o + 16); a33.Store(o + 24);
            }
        }
    }

    /// <summary>o (R, Dv) += p (R, S) v (rows, Dv): row j of v at v + j * vStride; p's columns past rows are not read.</summary>
    public static void Accumulate(float* p, int rows, int stride, float* v, int vStride, int keyRows, float* o, int dv)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated) c = Accumulate512(p, rows, stride, v, vStride, keyRows, o, dv);
        else if (Vector256.IsHardwareAccelerated) c = Accumulate256(p, rows, stride, v, vStride, keyRows, o, dv);
        AccumulateScalar(p, rows, stride, v, vStride, keyRows, o, dv, c);
    }

    /// <summary>The reference (output channels from <paramref name="from"/> on).</summary>
    public static void AccumulateScalar(float* p, int rows, int stride, float* v, int vStride, int keyRows, float* o, int dv, int from = 0)
    {
        for (int r = 0; r < rows; r++)
            for (int c = from; c < dv; c++)
            {
                float acc = o[(long)r * dv + c];
                for (int j = 0; j < keyRows; j++) acc += p[(long)r * stride + j] * v[(long)j * vStride + c];
                o[(long)r * dv + c] = acc;
            }
    }

    /// <summary>4 rows x 64 channels per step, accumulators held in registers over the key rows.</summary>
    /// <returns>The first channel left to the caller (dv rounded down to 64).</returns>
    public static int Accumulate512(float* p, int rows, int stride, float* v, int vStride, int keyRows, float* o, int dv)
    {
        int end = dv / 64 * 64;
        for (int r = 0; r < rows; r += QueryRows)
        {
            float* p0 = p + (long)r * stride, p1 = p0 + stride, p2 = p1 + stride, p3 = p2 + stride;
            for (int c = 0; c < end; c += 64)
            {
                float* o0 = o + (long)r * dv + c, o1 = o0 + dv, o2 = o1 + dv, o3 = o2 + dv;
                var a00 = Vector512.Load(o0); var a01 = Vector512.Load(o0 + 16); var a02 = Vector512.Load(o0 + 32); var a03 = Vector512.Load(o0 + 48);
                var a10 = Vector512.Load(o1); var a11 = Vector512.Load(o1 + 16); var a12 = Vector512.Load(o1 + 32); var a13 = Vector512.Load(o1 + 48);
                var a20 = Vector512.Load(o2); var a21 = Vector512.Load(o2 + 16); var a22 = Vector512.Load(o2 + 32); var a23 = Vector512.Load(o2 + 48);
                var a30 = Vector512.Load(o3); var a31 = Vector512.Load(o3 + 16); var a32 = Vector512.Load(o3 + 32); var a33 = Vector512.Load(o3 + 48);
                float* row = v + c;
                for (int j = 0; j < keyRows; j++, row += vStride)
                {
                    var v0 = Vector512.Load(row); var v1 = Vector512.Load(row + 16); var v2 = Vector512.Load(row + 32); var v3 = Vector512.Load(row + 48);
                    var b = Vector512.Create(p0[j]);
                    a00 = Vector512.FusedMultiplyAdd(v0, b, a00); a01 = Vector512.FusedMultiplyAdd(v1, b, a01);
                    a02 = Vector512.FusedMultiplyAdd(v2, b, a02); a03 = Vector512.FusedMultiplyAdd(v3, b, a03);
                    b = Vector512.Create(p1[j]);
                    a10 = Vector512.FusedMultiplyAdd(v0, b, a10); a11 = Vector512.FusedMultiplyAdd(v1, b, a11);
                    a12 = Vector512.FusedMultiplyAdd(v2, b, a12); a13 = Vector512.FusedMultiplyAdd(v3, b, a13);
                    b = Vector512.Create(p2[j]);
                    a20 = Vector512.FusedMultiplyAdd(v0, b, a20); a21 = Vector512.FusedMultiplyAdd(v1, b, a21);
                    a22 = Vector512.FusedMultiplyAdd(v2, b, a22); a23 = Vector512.FusedMultiplyAdd(v3, b, a23);
                    b = Vector512.Create(p3[j]);
                    a30 = Vector512.FusedMultiplyAdd(v0, b, a30); a31 = Vector512.FusedMultiplyAdd(v1, b, a31);
                    a32 = Vector512.FusedMultiplyAdd(v2, b, a32); a33 = Vector512.FusedMultiplyAdd(v3, b, a33);
                }
                a00.Store(o0); a01.Store(o0 + 16); a02.Store(o0 + 32); a03.Store(o0 + 48);
                a10.Store(o1); a11.Store(o1 + 16); a12.Store(o1 + 32); a13.Store(o1 + 48);
                a20.Store(o2); a21.Store(o2 + 16); a22.Store(o2 + 32); a23.Store(o2 + 48);
                a30.Store(o3); a31.Store(o3 + 16); a32.Store(o3 + 32); a33.Store(o3 + 48);
            }
        }
        return end;
    }

    /// <summary>4 rows x 32 channels per step (the AVX2 shape of <see cref="Accumulate512"/>).</summary>
    public static int Accumulate256(float* p, int rows, int stride, float* v, int vStride, int keyRows, float* o, int dv)
    {
        int end = dv / 32 * 32;
        for (int r = 0; r < rows; r += QueryRows)
        {
            float* p0 = p + (long)r * stride, p1 = p0 + stride, p2 = p1 + stride, p3 = p2 + stride;
            for (int c = 0; c < end; c += 32)
            {
                float* o0 = o + (long)r * dv + c, o1 = o0 + dv, o2 = o1 + dv, o3 = o2 + dv;
                var a00 = Vector256.Load(o0); var a01 = Vector256.Load(o0 + 8); var a02 = Vector256.Load(o0 + 16); var a03 = Vector256.Load(o0 + 24);
                var a10 = Vector256.Load(o1); var a11 = Vector256.Load(o1 + 8); var a12 = Vector256.Load(o1 + 16); var a13 = Vector256.Load(o1 + 24);
                var a20 = Vector256.Load(o2); var a21 = Vector256.Load(o2 + 8); var a22 = Vector256.Load(o2 + 16); var a23 = Vector256.Load(o2 + 24);
                var a30 = Vector256.Load(o3); var a31 = Vector256.Load(o3 + 8); var a32 = Vector256.Load(o3 + 16); var a33 = Vector256.Load(o3 + 24);
                float* row = v + c;
                for (int j = 0; j < keyRows; j++, row += vStride)
                {
                    var v0 = Vector256.Load(row); var v1 = Vector256.Load(row + 8); var v2 = Vector256.Load(row + 16); var v3 = Vector256.Load(row + 24);
                    var b = Vector256.Create(p0[j]);
                    a00 = Vector256.FusedMultiplyAdd(v0, b, a00); a01 = Vector256.FusedMultiplyAdd(v1, b, a01);
                    a02 = Vector256.FusedMultiplyAdd(v2, b, a02); a03 = Vector256.FusedMultiplyAdd(v3, b, a03);
                    b = Vector256.Create(p1[j]);
                    a10 = Vector256.FusedMultiplyAdd(v0, b, a10); a11 = Vector256.FusedMultiplyAdd(v1, b, a11);
                    a12 = Vector256.FusedMultiplyAdd(v2, b, a12); a13 = Vector256.FusedMultiplyAdd(v3, b, a13);
                    b = Vector256.Create(p2[j]);
                    a20 = Vector256.FusedMultiplyAdd(v0, b, a20); a21 = Vector256.FusedMultiplyAdd(v1, b, a21);
                    a22 = Vector256.FusedMultiplyAdd(v2, b, a22); a23 = Vector256.FusedMultiplyAdd(v3, b, a23);
                    b = Vector256.Create(p3[j]);
                    a30 = Vector256.FusedMultiplyAdd(v0, b, a30); a31 = Vector256.FusedMultiplyAdd(v1, b, a31);
                    a32 = Vector256.FusedMultiplyAdd(v2, b, a32); a33 = Vector256.FusedMultiplyAdd(v3, b, a33);
                }
                a00.Store(o0); a01.Store(o0 + 8); a02.Store(o0 + 16); a03.Store(o0 + 24);
                a10.Store(o1); a11.Store(o1 + 8); a12.Store(o1 + 16); a13.Store(o1 + 24);
                a20.Store(o2); a21.Store(o2 + 8); a22.Store(o2 + 16); a23.Store(o2 + 24);
                a30.Store(o3); a31.Store(o3 + 8); a32.Store(o3 + 16); a33.Store(o3 + 24);
            }
        }
        return end;
    }
}
