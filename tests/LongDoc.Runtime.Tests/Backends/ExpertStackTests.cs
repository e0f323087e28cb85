using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends;

/// <summary>Per-expert matrices seen as their whole 3-D tensor only when they really lie back to back.</summary>
public sealed unsafe class ExpertStackTests
{
    static readonly byte[] Memory = GC.AllocateArray<byte>(4096, pinned: true);

    static WeightMatrix At(long offset, GgmlType type = GgmlType.F16, int rows = 4, int cols = 32) =>
        new(type, rows, cols, (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref Memory[0]) + offset);

    [Fact]
    public void TryWhole_BackToBack_OneMatrixOfAllRows()
    {
        long bytes = At(0).ByteCount;   // 4 rows of 32 f16 = 256 bytes
        Assert.True(ExpertStack.TryWhole([At(0), At(bytes), At(2 * bytes)], out var whole));
        Assert.Equal((GgmlType.F16, 12, 32), (whole.Type, whole.Rows, whole.Cols));
        Assert.Equal(3 * bytes, whole.ByteCount);
        Assert.True(At(0).Data == whole.Data);
    }

    [Fact]
    public void TryWhole_GapTypeOrShapeDiffers_False()
    {
        long bytes = At(0).ByteCount;
        Assert.False(ExpertStack.TryWhole([At(0), At(bytes + 64)], out _));                       // a gap (separate safetensors)
        Assert.False(ExpertStack.TryWhole([At(bytes), At(0)], out _));                            // out of order
        Assert.False(ExpertStack.TryWhole([At(0), At(bytes, GgmlType.BF16)], out _));
        Assert.False(ExpertStack.TryWhole([At(0), At(bytes, rows: 2)], out _));
        Assert.False(ExpertStack.TryWhole([], out _));
    }
}
