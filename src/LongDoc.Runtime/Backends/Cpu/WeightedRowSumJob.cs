using System.Runtime.Intrinsics;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// y (G, W) = a (G, P) @ rows (P, :W), one chunk per 64 output columns. The chunk's slice of a block of 64 rows is
/// widened to f32 once (16 KiB, in L1), then every group runs over the block with its 64 outputs held in four
/// registers, so a row slice is read from memory once for all groups and each output is loaded and stored once per
/// block. Per output value the sum runs over the rows in order, one fused multiply-add each: the scalar path is the
/// reference, bit for bit.
/// Legend: G groups (heads), P rows (cache positions), W width (the latent R of rows of R+Pe), B = 64 rows a block.
/// </summary>
internal sealed unsafe class WeightedRowSumJob : IParallelJob
{
    public const int Columns = 64;
    const int BlockRows = 64;

    public WeightMatrix Rows;
    public float* A;        // (G, P)
    public float* Y;        // (G, W)
    public int Groups, Width;

    [ThreadStatic] static float[]? _block;   // (B, 64) the block's slice as f32

    public int Chunks => (Width + Columns - 1) / Columns;

    public void Execute(int chunk)
    {
        int c0 = chunk * Columns, n = Math.Min(Columns, Width - c0), p = Rows.Rows, groups = Groups, width = Width;
        float* a = A, y = Y;
        _block ??= new float[BlockRows * Columns];
        for (int g = 0; g < groups; g++) new Span<float>(y + (long)g * width + c0, n).Clear();
        fixed (float* block = _block)
            for (int r0 = 0; r0 < p; r0 += BlockRows)
            {
                int rows = Math.Min(BlockRows, p - r0);
                for (int i = 0; i < rows; i++)
                {
                    byte* row = Rows.Data + (r0 + i) * Rows.RowBytes;
                    if (Rows.Type == GgmlType.F16) CpuRowDecoder.F16(row + 2L * c0, block + i * Columns, n);
                    else new ReadOnlySpan<float>((float*)row + c0, n).CopyTo(new Span<float>(block + i * Columns, n));
                }
                int g = 0;
                if (n == Columns && Vector512.IsHardwareAccelerated)
                    for (; g + 4 <= groups; g += 4) Block512x4(block, Columns, a + (long)g * p + r0, p, rows, y + (long)g * width + c0, width);
                for (; g < groups; g++)
                {
                    float* ag = a + (long)g * p + r0, yg = y + (long)g * width + c0;
                    if (n == Columns && Vector512.IsHardwareAccelerated) Block512(block, ag, rows, yg);
                    else BlockScalar(block, ag, rows, yg, n);
                }
            }
    }

    /// <summary>Four groups at once: 16 independent accumulators hide the FMA latency, each block load feeds four.
    /// y_g[0..64) += sum over i of a_g[i] * block[i * blockStride ..] for g = 0..3 (also DSA's gathered attention).</summary>
    internal static void Block512x4(float* block, int blockStride, float* a, int aStride, int rows, float* y, int yStride)
    {
        float* a0 = a, a1 = a0 + aStride, a2 = a1 + aStride, a3 = a2 + aStride;
        float* y0 = y, y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        var c00 = Vector512.Load(y0); var c01 = Vector512.Load(y0 + 16); var c02 = Vector512.Load(y0 + 32); var c03 = Vector512.Load(y0 + 48);
        var c10 = Vector512.Load(y1); var c11 = Vector512.Load(y1 + 16); var c12 = Vector512.Load(y1 + 32); var c13 = Vector512.Load(y1 + 48);
        var c20 = Vector512.Load(y2); var c21 = Vector512.Load(y2 + 16); var c22 = Vector512.Load(y2 + 32); var c23 = Vector512.Load(y2 + 48);
        var c30 = Vector512.Load(y3); var c31 = Vector512.Load(y3 + 16); var c32 = Vector512.Load(y3 + 32); var c33 = Vector512.Load(y3 + 48);
        float* s = block;
        for (int i = 0; i < rows; i++, s += blockStride)
        {
            var s0 = Vector512.Load(s); var s1 = Vector512.Load(s + 16); var s2 = Vector512.Load(s + 32); var s3 = Vector512.Load(s + 48);
            var w = Vector512.Create(a0[i]);
            c00 = Vector512.FusedMultiplyAdd(s0, w, c00); c01 = Vector512.FusedMultiplyAdd(s1, w, c01);
            c02 = Vector512.FusedMultiplyAdd(s2, w, c02); c03 = Vector512.FusedMultiplyAdd(s3, w, c03);
            w = Vector512.Create(a1[i]);
            c10 = Vector512.FusedMultiplyAdd(s0, w, c10); c11 = Vector512.FusedMultiplyAdd(s1, w, c11);
            c12 = Vector512.FusedMultiplyAdd(s2, w, c12); c13 = Vector512.FusedMultiplyAdd(s3, w, c13);
            w = Vector512.Create(a2[i]);
            c20 = Vector512.FusedMultiplyAdd(s0, w, c20); c21 = Vector512.FusedMultiplyAdd(s1, w, c21);
            c22 = Vector512.FusedMultiplyAdd(s2, w, c22); c23 = Vector512.FusedMultiplyAdd(s3, w, c23);
            w = Vector512.Create(a3[i]);
            c30 = Vector512.FusedMultiplyAdd(s0, w, c30); c31 = Vector512.FusedMultiplyAdd(s1, w, c31);
            c32 = Vector512.FusedMultiplyAdd(s2, w, c32); c33 = Vector512.FusedMultiplyAdd(s3, w, c33);
        }
        c00.Store(y0); c01.Store(y0 + 16); c02.Store(y0 + 32); c03.Store(y0 + 48);
        c10.Store(y1); c11.Store(y1 + 16); c12.Store(y1 + 32); c13.Store(y1 + 48);
        c20.Store(y2); c21.Store(y2 + 16); c22.Store(y2 + 32); c23.Store(y2 + 48);
        c30.Store(y3); c31.Store(y3 + 16); c32.Store(y3 + 32); c33.Store(y3 + 48);
    }

    static void Block512(float* block, float* a, int rows, float* y)
    {
        var y0 = Vector512.Load(y); var y1 = Vector512.Load(y + 16); var y2 = Vector512.Load(y + 32); var y3 = Vector512.Load(y + 48);
        float* s = block;
        for (int i = 0; i < rows; i++, s += Columns)
        {
            var w = Vector512.Create(a[i]);
            y0 = Vector512.FusedMultiplyAdd(Vector512.Load(s), w, y0);
            y1 = Vector512.FusedMultiplyAdd(Vector512.Load(s + 16), w, y1);
            y2 = Vector512.FusedMultiplyAdd(Vector512.Load(s + 32), w, y2);
            y3 = Vector512.FusedMultiplyAdd(Vector512.Load(s + 48), w, y3);
        }
        y0.Store(y); y1.Store(y + 16); y2.Store(y + 32); y3.Store(y + 48);
    }

    /// <summary>The reference: one fused multiply-add per row and value, rows in order.</summary>
    static void BlockScalar(float* block, float* a, int rows, float* y, int n)
    {
        for (int c = 0; c < n; c++)
        {
            float acc = y[c];
            for (int i = 0; i < rows; i++) acc = MathF.FusedMultiplyAdd(block[i * Columns + c], a[i], acc);
            y[c] = acc;
        }
    }
}
