using System.Runtime.Intrinsics;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

/// <summary>The sign helpers of the I-quant kernels (<see cref="IQDot"/>) against the tables they replace.</summary>
public sealed class IQDotTests
{
    [Fact]
    public void EvenSigns_EqualsTheSignTableLookups_ForEveryIndexInEveryPosition()
    {
        var rng = new Random(3);
        for (int position = 0; position < 4; position++)
            for (uint index = 0; index < 128; index++)
            {
                // the other three indexes and the 4-bit scale above them random
                uint aux = (uint)rng.Next() << 1 ^ (uint)rng.Next();
                aux = aux & ~(127u << (7 * position)) | index << (7 * position);
                uint expected = 0;
                for (int l = 0; l < 4; l++) expected |= (uint)IQGrids.Signs[(int)(aux >> (7 * l)) & 127] << (8 * l);
                Assert.Equal(expected, IQDot.EvenSigns(aux));
            }
    }

    [Fact]
    public void EvenSigns_OfAVector_EqualsTheWordFormLaneByLane()
    {
        var rng = new Random(5);
        var words = new uint[8];
        for (int i = 0; i < words.Length; i++) words[i] = (uint)rng.Next() << 1 ^ (uint)rng.Next();
        var signs = IQDot.EvenSigns(Vector256.Create(words));
        for (int i = 0; i < words.Length; i++) Assert.Equal(IQDot.EvenSigns(words[i]), signs.GetElement(i));
    }

    [Fact]
    public void Signs_OfABitWord_IsMinusOneWhereTheBitIsSetAndPlusOneElsewhere()
    {
        var rng = new Random(4);
        foreach (uint bits in new uint[] { 0, uint.MaxValue, 0x80000001, (uint)rng.Next() << 1 ^ (uint)rng.Next() })
        {
            var signs = IQDot.Signs(bits);
            for (int i = 0; i < 32; i++) Assert.Equal((bits >> i & 1) != 0 ? -1 : 1, signs.GetElement(i));
        }
    }
}
