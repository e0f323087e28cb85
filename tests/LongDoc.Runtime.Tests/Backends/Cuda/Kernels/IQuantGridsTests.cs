using System.Globalization;
using System.Text.RegularExpressions;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>kernels/iquant_grids.cuh is generated from <see cref="IQGrids"/>: the tables the kernels read (as inlined into
/// each matmul source) must be the CPU's, entry for entry.</summary>
public sealed partial class IQuantGridsTests
{
    public static TheoryData<string> Sources() => ["gemv.cu", "gemm.cu", "moe_gemm.cu"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void IQuantGrids_InlinedIntoMatMulSource_EqualTheCpuTables(string file)
    {
        string text = KernelSources.All.Single(s => s.FileName == file).Text;
        var tables = TablePattern().Matches(text).ToDictionary(m => m.Groups[1].Value,
            m => HexPattern().Matches(m.Groups[3].Value).Select(h => ulong.Parse(h.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(IQGrids.Signs.ToArray().Select(v => (ulong)v), tables["ksigns_iq2xs"]);
        Assert.Equal(IQGrids.IQ2XXS.ToArray(), tables["iq2xxs_grid"]);
        Assert.Equal(IQGrids.IQ2XS.ToArray(), tables["iq2xs_grid"]);
        Assert.Equal(IQGrids.IQ2S.ToArray(), tables["iq2s_grid"]);
        Assert.Equal(IQGrids.IQ3XXS.ToArray().Select(v => (ulong)v), tables["iq3xxs_grid"]);
        Assert.Equal(IQGrids.IQ3S.ToArray().Select(v => (ulong)v), tables["iq3s_grid"]);
        Assert.Equal(IQGrids.IQ1S.ToArray(), tables["iq1s_grid"]);
    }

    [GeneratedRegex(@"__device__ const [\w ]+ (\w+)\[(\d+)\] = \{(.*?)\};", RegexOptions.Singleline)]
    private static partial Regex TablePattern();

    [GeneratedRegex(@"0x([0-9a-fA-F]+)")]
    private static partial Regex HexPattern();
}
