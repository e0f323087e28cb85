using LLama;
using LLama.Native;

namespace LongDoc.Oracle;

/// <summary>
/// quantize --model SRC.gguf --out DST.gguf --type Q4_K_M -> {"ok": true}: llama.cpp's llama_model_quantize (what
/// the llama-quantize tool runs), one thread, no importance matrix, so every block comes from ggml's reference
/// quantizers (quantize_row_*_ref). --type is an LLamaFtype name without MOSTLY_ (Q4_0, Q4_K_M, Q5_K_M, Q6_K, ...).
/// Lets tests compare our quantizers with llama.cpp's byte for byte.
/// </summary>
static class QuantizeCommand
{
    public static int Run(string[] argv)
    {
        var a = new OracleArgs(argv, new HashSet<string>());
        string src = a.Required("--model"), dst = a.Required("--out"), type = a.Required("--type");
        a.EnsureAllUsed();
        if (!File.Exists(src)) throw new FileNotFoundException($"model file not found: {src}");
        if (!Enum.TryParse<LLamaFtype>("MOSTLY_" + type, ignoreCase: true, out var ftype))
            throw new OracleUsageException($"--type {type}: not an llama.cpp file type (e.g. Q4_0, Q4_K_M, Q6_K)");
        try { NativeApi.llama_max_devices(); }
        catch (Exception e) { throw new NativeLoadException($"could not load llama.cpp's native library: {e.Message}", e); }
        if (!LLamaQuantizer.Quantize(src, dst, ftype, nthread: 1, allowRequantize: false, quantizeOutputTensor: true))
            throw new InvalidDataException($"llama.cpp could not quantize {src} to {type}");
        JsonOut.Write(w => w.WriteBoolean("ok", true));
        return 0;
    }
}
