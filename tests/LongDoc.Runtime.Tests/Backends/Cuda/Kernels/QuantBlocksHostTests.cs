using System.Diagnostics;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Tests.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// The block decoders the matmul kernels run (kernels/quant_blocks.cuh and iquant_blocks.cuh) without a GPU: they are
/// plain C++ apart from their qualifiers, so the host C++ compiler builds them (with host versions of half_bits.cuh's
/// conversions, -ffp-contract=off as the CPU's C# does no fused multiply-add) and each block's decode8 output must equal
/// the CPU's decoder of the type (<see cref="RowDecoder"/>) bit for bit, for every weight type of <see cref="KernelTypes"/>
/// decoded block by block, over blocks from the CPU's quantizers or random valid blocks. So a wrong offset, shift, scale
/// or grid in a .cuh decoder fails here, not first on a GPU. Needs g++ (.ci/run installs it; outside CI a missing one
/// passes with a note).
/// </summary>
public sealed class QuantBlocksHostTests(ITestOutputHelper output)
{
    const string HostHalfBits = """
        #include <cmath>
        #include <cstdio>
        #include <cstring>
        #define __device__
        #define __forceinline__ inline
        #define __constant__
        typedef unsigned char u8;
        typedef unsigned short u16;
        typedef unsigned int u32;
        static float f16_to_f32(u16 h)
        {
            const int s = h >> 15, e = (h >> 10) & 31, m = h & 1023;
            const float v = e == 0 ? std::ldexp((float)m, -24) : e == 31 ? (m ? NAN : INFINITY) : std::ldexp((float)(m | 1024), e - 25);
            return s ? -v : v;
        }
        static u16 ld_u16(const u8* p) { return (u16)(p[0] | (p[1] << 8)); }
        """;

    const string Main = """
        template <typename B> static int run(const char* in, const char* out)
        {
            FILE* fi = fopen(in, "rb");
            FILE* fo = fopen(out, "wb");
            if (!fi || !fo) return 2;
            u8 b[B::Bytes];
            float v[B::Values];
            while (fread(b, 1, B::Bytes, fi) == (size_t)B::Bytes)
            {
                for (int i0 = 0; i0 < B::Values; i0 += 8) B::decode8(b, i0, v + i0);
                fwrite(v, sizeof(float), B::Values, fo);
            }
            fclose(fi);
            fclose(fo);
            return 0;
        }
        int main(int argc, char** argv)
        {
            if (argc != 4) return 2;
        """;

    [Fact]
    public void QuantBlockDecoders_CompiledForTheHost_EqualTheCpuDecodersBitForBit()
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-quant-blocks-");
        try
        {
            string folder = KernelCompileTests.FindKernelsFolder();
            var files = Directory.GetFiles(folder, "*.cuh").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
            files["half_bits.cuh"] = "";
            var types = KernelTypes.BlockWeightTypes.ToArray();
            string source = HostHalfBits + "\n" + KernelSources.Inline("quant_blocks.cuh", files["quant_blocks.cuh"], files) + "\n" + Main +
                string.Concat(types.Select(t => $"    if (!strcmp(argv[1], \"{t}\")) return run<B{t}>(argv[2], argv[3]);\n")) + "    return 3;\n}\n";
            string cpp = Path.Combine(dir.FullName, "blocks.cpp"), exe = Path.Combine(dir.FullName, "blocks");
            File.WriteAllText(cpp, source);
            if (!Run("g++", $"-std=c++17 -O1 -ffp-contract=off -o {exe} {cpp}", out string log))
            {
                if (log == "") return;   // no compiler outside CI (Run wrote why)
                Assert.Fail($"g++ could not build the decoders:\n{log}");
            }
            foreach (var type in types)
            {
                string input = Path.Combine(dir.FullName, $"{type}.in"), result = Path.Combine(dir.FullName, $"{type}.out");
                var blocks = new List<byte>();
                var expected = new List<float>();
                foreach (int seed in new[] { 1, 2, 3 })
                {
                    var (bytes, values) = QuantData.Weights(type, 2048, seed);
                    blocks.AddRange(bytes);
                    expected.AddRange(values);
                }
                File.WriteAllBytes(input, [.. blocks]);
                Assert.True(Run(exe, $"{type} {input} {result}", out string err), $"{type}: {err}");
                var actual = new float[expected.Count];
                Buffer.BlockCopy(File.ReadAllBytes(result), 0, actual, 0, actual.Length * 4);
                int first = Enumerable.Range(0, actual.Length).FirstOrDefault(i => BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]), -1);
                Assert.True(first < 0, $"{type}: value {first} (block {first / Math.Max(1, GgmlTypeInfo.BlockElements(type))}) decodes to {(first < 0 ? 0 : actual[first])} in the kernel, {(first < 0 ? 0 : expected[first])} on the CPU");
            }
            output.WriteLine($"{types.Length} types equal: {string.Join(", ", types)}");
        }
        finally { dir.Delete(true); }
    }

    /// <summary>Runs <paramref name="file"/>; false with its output in <paramref name="log"/>, or with "" when the
    /// compiler is missing outside CI (a missing one under CI fails).</summary>
    bool Run(string file, string arguments, out string log)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            log = stdout + stderr.Result;
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e) when (file == "g++")
        {
            if (NvrtcRequirement.InCi) Assert.Fail($"CI requires g++ (.ci/run installs it): {e.Message}");
            output.WriteLine($"g++ not available outside CI, nothing compiled: {e.Message}");
            log = "";
            return false;
        }
    }
}
