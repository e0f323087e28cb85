namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// Every entry point the simulated device can run, by name: one reference per kernel file in this folder, each
/// written from its .cu (indexing, strides, the launch's grid and block, 16-bit conversions). Every entry point of
/// kernels/*.cu has one (a test checks it); one missing would be refused when it is looked up.
/// </summary>
public static class KernelReferences
{
    public static readonly IReadOnlyDictionary<string, KernelReference> All = Build();

    static Dictionary<string, KernelReference> Build()
    {
        var table = new Dictionary<string, KernelReference>(StringComparer.Ordinal)
        {
            ["add_f32"] = new(3, VectorReferences.Add),
            ["add_scaled_f32"] = new(4, VectorReferences.AddScaled),
            ["fill_u32"] = new(3, VectorReferences.Fill),
            ["silu_mul_f32"] = new(3, VectorReferences.SiluMul),
            ["rmsnorm"] = new(5, RowReferences.RmsNorm),
            ["softmax_f32"] = new(2, RowReferences.Softmax),
            ["argmax_f32"] = new(3, RowReferences.Argmax),
            ["rope"] = new(14, RopeReference.Rope),
            ["embedding_f32"] = new(5, EmbeddingReferences.F32),
            ["embedding_f16"] = new(5, EmbeddingReferences.F16),
            ["embedding_bf16"] = new(5, EmbeddingReferences.Bf16),
            ["embedding_q8_0"] = new(5, EmbeddingReferences.Q8_0),
            ["moe_permute"] = new(6, MoeReferences.Permute),
            ["moe_unpermute"] = new(8, MoeReferences.Unpermute),
            ["attn_merge"] = new(5, AttentionReferences.Merge),
            ["block_select"] = new(17, BlockReferences.Select),
            ["moe_route"] = new(12, MoeRouteReference.Route),
            ["sample"] = new(11, SampleReference.Sample),
        };
        foreach (var (entry, reference) in GemvReferences.Entries.Concat(GemmReferences.Entries).Concat(MoeReferences.GemmEntries)
                     .Concat(AttentionReferences.DecodeEntries).Concat(AttentionPrefillReference.Entries).Concat(BlockReferences.StatsEntries)
                     .Concat(DsaReferences.Entries))
            table.Add(entry, reference);
        return table;
    }
}
