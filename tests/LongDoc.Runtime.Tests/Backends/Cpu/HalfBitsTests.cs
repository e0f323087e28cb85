using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class HalfBitsTests
{
    [Fact]
    public void F16Vector_EveryFiniteBitPattern_EqualsHalfConversion()
    {
        var all = new ushort[65536];
        for (int i = 0; i < all.Length; i++) all[i] = (ushort)i;
        fixed (ushort* p = all)
            for (int i = 0; i < all.Length; i += 16)
            {
                var v16 = KernelData.Has512 ? HalfBits.F16x16(p + i) : default;
                var v8 = KernelData.Has256 ? HalfBits.F16x8(p + i) : default;
                var v4 = HalfBits.F16x4(p + i);
                for (int j = 0; j < 16; j++)
                {
                    var h = BitConverter.UInt16BitsToHalf((ushort)(i + j));
                    if (!Half.IsFinite(h)) continue; // inf/NaN are documented as unsupported
                    float expect = (float)h;
                    if (KernelData.Has512) Assert.Equal(expect, v16[j]);
                    if (KernelData.Has256 && j < 8) Assert.Equal(expect, v8[j]);
                    if (j < 4) Assert.Equal(expect, v4[j]);
                    Assert.Equal(expect, HalfBits.F16ToF32[i + j]);
                }
            }
    }

    [Fact]
    public void ToBf16_HalfwayValue_RoundsToEven()
    {
        // 1 + 2^-8 lies halfway between bf16 1.0 and 1.0078125: ties go to the even mantissa (1.0).
        Assert.Equal(0x3F80, HalfBits.ToBf16(1f + 1f / 256));
        Assert.Equal(0x3F82, HalfBits.ToBf16(1f + 3f / 256));
    }
}
