using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>kernels/embedding.cu: y (T, D) f32 = rows ids[t] of the table (V, D) in its stored type, block t per token;
/// an id outside [0, V) writes NaN across the row. Parameters (table, ids, y, rows, cols).</summary>
public static class EmbeddingReferences
{
    public static void F32(LaunchContext c)
    {
        var table = c.Ptr<float>(0, "table");
        Gather(c, (id, cols, col) => table[(long)id * cols + col]);
    }

    public static void F16(LaunchContext c)
    {
        var table = c.Ptr<ushort>(0, "table");
        Gather(c, (id, cols, col) => F16ToF32(table[(long)id * cols + col]));
    }

    public static void Bf16(LaunchContext c)
    {
        var table = c.Ptr<ushort>(0, "table");
        Gather(c, (id, cols, col) => Bf16ToF32(table[(long)id * cols + col]));
    }

    /// <summary>Q8_0 rows of cols/32 blocks of 34 bytes (f16 d, 32 int8 q): d * q.</summary>
    public static void Q8_0(LaunchContext c)
    {
        var table = c.Ptr<byte>(0, "table");
        Gather(c, (id, cols, col) =>
        {
            var block = table.Plus((long)id * (cols / 32) * 34 + col / 32 * 34);
            return F16ToF32(LdU16(block, 0)) * (sbyte)block[2 + col % 32];
        });
    }

    static void Gather(LaunchContext c, Func<int, int, int, float> read)
    {
        var ids = c.Ptr<int>(1, "ids");
        var y = c.Ptr<float>(2, "y");
        int rows = c.Int(3), cols = c.Int(4);
        for (long t = 0; t < c.Grid.X; t++)
        {
            int id = ids[t];
            var output = y.Plus(t * cols);
            bool bad = id < 0 || id >= rows;
            for (int col = 0; col < cols; col++) output[col] = bad ? float.NaN : read(id, cols, col);
        }
    }
}
