using System.Text.RegularExpressions;
using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// Each launcher passes as many parameters as its entry point declares, and 8-byte slots land on the kernel's
/// 8-byte parameters (pointers, long long, double): a launch with the wrong count or order reads garbage on the
/// device and nothing here would notice otherwise. Checked against the embedded sources, no GPU needed.
/// </summary>
public sealed class KernelArgsMatchTests
{
    static readonly DevicePointer P = new(0x1000_0000_0000UL);   // a "pointer" no int or float argument can equal

    public static TheoryData<string> Launches() => [.. Cases().Keys];

    static Dictionary<string, (LaunchConfig Config, KernelArgs Args)> Cases()
    {
        var prefill = new AttentionPrefillShape(100, 8, 2, 128, 128, 64, 1024, 0, 8, GgmlType.BF16);
        var decode = new AttentionDecodeShape(8, 2, 128, 128, 128, 128, 500, 64, 1024, 8, 2, GgmlType.F16);
        var select = new BlockSelectShape(100, 8, 2, 128, 0, 64, 16, 128, 6, 8, BlockScore.MeanKey);
        var moe = new MoeGemmShape(64, 8, 2, 256, 96, GgmlType.Q4_K, true);
        var router = new RouterOptions(8, ExpertGating.Sigmoid, true, 2.5f, 8, 4);
        var rope = RopeParams.Plain(RopeStyle.Neox, 10000f, 128);
        var dsaIndex = new DsaIndexShape(4, 64, 128, 996, 1000, 1024);
        var dsaMla = new DsaMlaShape(4, 16, 512, 64, 256);
        return new()
        {
            ["attention_prefill"] = (AttentionPrefillLauncher.Configure(prefill), AttentionPrefillLauncher.Args(prefill, P, P, P, P, P, P, 0.1f)),
            ["attention_decode"] = (AttentionDecodeLauncher.Configure(decode), AttentionDecodeLauncher.Args(decode, P, P, P, P, P, P, P, 0.1f)),
            ["attention_merge"] = (AttentionMergeLauncher.Configure(8, 2, 128), AttentionMergeLauncher.Args(8, 2, 128, P, P, P)),
            ["block_stats"] = (BlockStatsLauncher.Configure(2, 128, 64, 500, 0, 16, GgmlType.BF16),
                BlockStatsLauncher.Args(2, 128, 64, 500, 0, 16, 1024, GgmlType.BF16, P, P, P, P)),
            ["block_select"] = (BlockSelectLauncher.Configure(select), BlockSelectLauncher.Args(select, P, P, P, P, P, P)),
            ["moe_route"] = (MoeRouteLauncher.Configure(4, 256, router), MoeRouteLauncher.Args(4, 256, router, P, P, P, P)),
            ["moe_permute"] = (MoePermuteLauncher.Configure(4, 8, 256), MoePermuteLauncher.Args(4, 8, 256, P, P, P, P)),
            ["moe_gemm"] = (MoeGemmLauncher.Configure(moe), MoeGemmLauncher.Args(moe, P, P, P, P, P, P)),
            ["moe_unpermute"] = (MoeUnpermuteLauncher.Configure(4, 8, 2048), MoeUnpermuteLauncher.Args(4, 8, 2048, P, P, P, P, true)),
            ["gemm"] = (GemmLauncher.Configure(64, 256, 512, GgmlType.Q8_0), GemmLauncher.Args(64, 256, 512, GgmlType.Q8_0, P, P, P, false)),
            ["gemv"] = (GemvLauncher.Configure(2, 256, 512, GgmlType.F16, 4), GemvLauncher.Args(2, 256, 512, GgmlType.F16, P, P, P, false, 4, 512, 1 << 20, 1024)),
            ["rmsnorm"] = (RmsNormLauncher.Configure(4, 2048), RmsNormLauncher.Args(4, 2048, P, P, P, 1e-6f)),
            ["rope"] = (RopeLauncher.Configure(4, 8, 128), RopeLauncher.Args(8, 128, 0, 7, rope, P, P)),
            ["sample"] = (SampleLauncher.Configure(32000, 40), SampleLauncher.Args(32000, P, P, 12, 1.1f, 40, 0.9f, 0.05f, 0.8f, 0.25, P)),
            ["dsa_index"] = (DsaIndexLauncher.Configure(dsaIndex), DsaIndexLauncher.Args(dsaIndex, P, P, P, P, 0.01f)),
            ["dsa_topk"] = (DsaTopKLauncher.Configure(4, 1000, 996, 64), DsaTopKLauncher.Args(4, 1000, 996, 64, P, P, P)),
            ["dsa_mla"] = (DsaMlaLauncher.Configure(dsaMla), DsaMlaLauncher.Args(dsaMla, P, P, P, P, P, 0.07f)),
        };
    }

    [Theory]
    [MemberData(nameof(Launches))]
    public void Launcher_Args_MatchEntryPointParameters(string name)
    {
        var (config, args) = Cases()[name];
        var source = KernelSources.Declaring(config.Entry);
        Assert.True(source != null, $"no embedded kernel declares {config.Entry}");
        Assert.Equal(config.File, source!.FileName);
        var m = Regex.Match(source.Text, @"void\s+" + config.Entry + @"\s*\(([^)]*)\)");
        Assert.True(m.Success, $"{config.Entry}: signature not found in {source.FileName}");
        var parameters = m.Groups[1].Value.Split(',').Select(p => p.Trim()).ToArray();
        Assert.Equal(parameters.Length, args.Count);
        for (int i = 0; i < parameters.Length; i++)
        {
            bool wide = parameters[i].Contains('*') || parameters[i].StartsWith("long long") || parameters[i].StartsWith("double");
            bool pointer = parameters[i].Contains('*');
            if (pointer) Assert.True(args[i] == P.Address || args[i] == 0, $"{config.Entry} parameter {i} '{parameters[i]}' gets {args[i]:x}, not a pointer");
            else Assert.True(args[i] != P.Address, $"{config.Entry} parameter {i} '{parameters[i]}' gets a pointer");
            if (!wide) Assert.True(args[i] <= uint.MaxValue, $"{config.Entry} parameter {i} '{parameters[i]}' is 4 bytes, the slot holds {args[i]:x}");
        }
    }
}
