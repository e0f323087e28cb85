namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// Shapes of the models the kernels must launch for: the two bench models of README "Performance" at 32k context, and
/// the real models they stand in for. Legend: D hidden, H heads, Hkv KV heads, Dh head width, E experts,
/// A active, F expert FFN width, V vocabulary; MLA: R kv_lora, Pe rope, N nope, Dv value width.
/// </summary>
public sealed record BenchModelShape(string Name, int D, int H, int Hkv, int Dh, int E, int A, int F, int V,
    int Groups = 0, int GroupsUsed = 0, int Latent = 0, int Rope = 0, int Nope = 0, int ValueDim = 0)
{
    public bool Mla => Latent > 0;
    public int KeyDim => Mla ? Nope + Rope : Dh;
    public int ValDim => Mla ? ValueDim : Dh;
    public int KvHeads => Mla ? H : Hkv;        // MLA prefill decompresses one K/V per head

    public const int Context = 32768, Block = 64, Window = 1024, Budget = 4096;
    public static int BudgetBlocks => Budget / Block;

    public static readonly BenchModelShape[] All =
    [
        new("qwen3moe-bench", 1024, 16, 4, 64, 32, 4, 512, 32000),
        new("deepseek2-bench", 1024, 16, 16, 0, 32, 4, 512, 32000, Latent: 512, Rope: 64, Nope: 128, ValueDim: 128),
        new("Qwen3-30B-A3B", 2048, 32, 4, 128, 128, 8, 768, 151936),
        new("DeepSeek-V2-Lite", 2048, 16, 16, 0, 64, 6, 1408, 102400, Latent: 512, Rope: 64, Nope: 128, ValueDim: 128),
        new("DeepSeek-V3", 7168, 128, 128, 0, 256, 8, 2048, 129280, Groups: 8, GroupsUsed: 4, Latent: 512, Rope: 64, Nope: 128, ValueDim: 128),
        new("Mixtral-8x7B", 4096, 32, 8, 128, 8, 2, 14336, 32000),
    ];

    public override string ToString() => Name;
}
