using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>CpuBackend.MatMul (threads, row chunks, decode and prefill paths) against the scalar kernels, row by row.</summary>
public unsafe class MatMulTests
{
    /// <summary>A random (rows, cols) matrix stored as <paramref name="type"/>, in native memory the test frees.</summary>
    internal static WeightMatrix Random(Random rng, GgmlType type, int rows, int cols)
    {
        var values = KernelData.Floats(rng, rows * cols, 0.5f);
        byte[] bytes = type switch
        {
            GgmlType.F32 => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            GgmlType.F16 => MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan()).ToArray(),
            GgmlType.BF16 => MemoryMarshal.AsBytes(values.Select(HalfBits.ToBf16).ToArray().AsSpan()).ToArray(),
            _ => Q8(values),
        };
        byte* data = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(data, bytes.Length));
        return new WeightMatrix(type, rows, cols, data);
    }

    static byte[] Q8(float[] values)
    {
        var q = new sbyte[values.Length];
        var d = new float[values.Length / 32];
        fixed (float* pv = values)
        fixed (sbyte* pq = q)
        fixed (float* pd = d)
            QuantizeQ8_0.Quantize(pv, pq, pd, values.Length);
        var bytes = new byte[d.Length * 34];
        for (int b = 0; b < d.Length; b++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(b * 34), BitConverter.HalfToUInt16Bits((Half)d[b]));
            MemoryMarshal.AsBytes(q.AsSpan(b * 32, 32)).CopyTo(bytes.AsSpan(b * 34 + 2));
        }
        return bytes;
    }

    /// <summary>The scalar reference of one output: the activations prepared as the backend does, then the scalar dot.</summary>
    static float Reference(WeightMatrix w, float[] x, int t, int r)
    {
        int n = w.Cols;
        var xt = x.AsSpan(t * n, n).ToArray();
        byte* row = w.Data + r * w.RowBytes;
        fixed (float* px = xt)
        {
            switch (w.Type)
            {
                case GgmlType.F32: return DotF32.Scalar((float*)row, px, n);
                case GgmlType.F16: ActivationRounding.Scalar(px, px, n, ActivationRounding.F16Bits); return DotHalf<F16Format>.Scalar((ushort*)row, px, n);
                case GgmlType.BF16: ActivationRounding.Scalar(px, px, n, ActivationRounding.Bf16Bits); return DotHalf<Bf16Format>.Scalar((ushort*)row, px, n);
                default:
                    var q = new sbyte[n];
                    var d = new float[n / 32];
                    fixed (sbyte* pq = q)
                    fixed (float* pd = d)
                    {
                        QuantizeQ8_0.Quantize(px, pq, pd, n);
                        return DotQ8_0.Scalar(row, pq, pd, n);
                    }
            }
        }
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.BF16)]
    [InlineData(GgmlType.Q8_0)]
    public void MatMul_DecodeAndPrefillBatches_EqualScalarRowByRow(GgmlType type)
    {
        var rng = new Random(20 + (int)type);
        using var backend = new CpuBackend(threads: 2);
        foreach (var (rows, cols) in new[] { (37, 64), (100, 96) })
        {
            var w = Random(rng, type, rows, cols);
            try
            {
                foreach (int tokens in new[] { 1, 3, 4, 70 })
                {
                    var x = KernelData.Floats(rng, tokens * cols, 2f);
                    var y = new float[tokens * rows];
                    backend.MatMul(w, x, y, tokens);
                    for (int t = 0; t < tokens; t++)
                        for (int r = 0; r < rows; r++)
                            KernelData.Close(Reference(w, x, t, r), y[t * rows + r], cols * 2f, $"{type} ({rows},{cols}) T={tokens} t={t} r={r}");
                }
            }
            finally { NativeMemory.Free(w.Data); }
        }
    }

    [Fact]
    public void MatMul_ShortOutput_ThrowsNamingShape()
    {
        var w = Random(new Random(1), GgmlType.F32, 4, 8);
        try
        {
            using var backend = new CpuBackend(threads: 1);
            var e = Assert.Throws<ArgumentException>(() => backend.MatMul(w, new float[16], new float[7], 2));
            Assert.Contains("(2,4)", e.Message);
        }
        finally { NativeMemory.Free(w.Data); }
    }
}
