using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/attention_prefill.cu: block-sparse causal flash attention over the selected key blocks, grid (NQ * B / 64, H),
/// 128 threads, one CTA per 64-row tile of a query block and head. q is rounded to the cache's 16-bit type (the Q tile),
/// S = Q K^T accumulates in f32, scores go to the log2 domain, each 64-key tile updates the online softmax (exp2), and
/// P is rounded to the 16-bit type for O += P V (rows sums l use the unrounded p). Parameters (q, k, v, sel, nsel, o, T,
/// H, Hkv, cap, start, B, KS, scale); DK and DV are the entry point's.
/// </summary>
public static class AttentionPrefillReference
{
    const int Tile = 64, Pad = 8;

    public static IEnumerable<(string Entry, KernelReference Reference)> Entries =>
        from type in new[] { ("f16", (Func<float, float>)RoundF16), ("bf16", RoundBf16) }
        from dims in new[] { (64, 64), (128, 128), (192, 128) }
        select ($"attn_prefill_{type.Item1}_{dims.Item1}_{dims.Item2}",
            new KernelReference(14, c => Run(c, dims.Item1, dims.Item2, type.Item2, type.Item1 == "f16" ? F16ToF32 : Bf16ToF32)));

    static float RoundF16(float x) => F16ToF32(F16FromF32(x));
    static float RoundBf16(float x) => Bf16ToF32(Bf16FromF32(x));

    static void Run(LaunchContext c, int dk, int dv, Func<float, float> round, Func<ushort, float> widen)
    {
        var q = c.Ptr<float>(0, "q");
        var k = c.Ptr<ushort>(1, "k");
        var v = c.Ptr<ushort>(2, "v");
        var sel = c.Ptr<int>(3, "sel");
        var nsel = c.Ptr<int>(4, "nsel");
        var o = c.Ptr<float>(5, "o");
        int tokens = c.Int(6), heads = c.Int(7), kvHeads = c.Int(8), cap = c.Int(9), start = c.Int(10), b = c.Int(11), ks = c.Int(12);
        float scaleLog2 = c.Float(13) * 1.4426950408889634f;
        c.Require(c.Block.X == 128 && c.Block.Y == 1, "4 warps of 16 rows cover the 64-row tile");
        c.Require(b % Tile == 0 && b > 0, "the block size must be a multiple of 64");
        c.RequireShared(2L * (Tile * (dk + Pad) + Tile * (dk + Pad) + dv * (Tile + Pad)));
        int subs = b / Tile, positions = start + tokens;
        var qs = new float[Tile, dk];
        var acc = new float[Tile, dv];
        var m = new float[Tile];
        var l = new float[Tile];
        var s = new float[Tile];
        for (int h = 0; h < c.Grid.Y; h++)
            for (int bx = 0; bx < c.Grid.X; bx++)
            {
                int qblock = bx / subs;
                int row0 = (start / b + qblock) * b + bx % subs * Tile - start;
                int kvh = h / (heads / kvHeads);
                int rowBegin = Math.Max(0, row0), rowEnd = Math.Min(tokens, row0 + Tile);
                if (rowBegin >= rowEnd) continue;
                int lastPos = start + rowEnd - 1;
                for (int r = 0; r < Tile; r++)
                {
                    int t = row0 + r;
                    for (int ch = 0; ch < dk; ch++) qs[r, ch] = t >= rowBegin && t < rowEnd ? round(q[((long)t * heads + h) * dk + ch]) : 0f;
                    m[r] = NegInf;
                    l[r] = 0f;
                    for (int ch = 0; ch < dv; ch++) acc[r, ch] = 0f;
                }
                int count = nsel[(long)qblock * kvHeads + kvh];
                var list = sel.Plus(((long)qblock * kvHeads + kvh) * ks);
                for (int i = 0; i < count && i < ks; i++)
                {
                    int kb = list[i];
                    for (int j0 = 0; j0 < b; j0 += Tile)
                    {
                        int kp0 = kb * b + j0;
                        if (kb < 0 || kp0 >= positions || kp0 > lastPos) continue;
                        for (int kr = 0; kr < Tile; kr++)
                            if (kp0 + kr < positions)
                                for (int ch = 0; ch < dk; ch += 8) k.Vector(((long)kvh * cap + kp0 + kr) * dk + ch, 16);
                        for (int kr = 0; kr < Tile; kr++)
                            if (kp0 + kr < positions)
                                for (int ch = 0; ch < dv; ch += 8) v.Vector(((long)kvh * cap + kp0 + kr) * dv + ch, 16);
                        for (int r = 0; r < Tile; r++)
                        {
                            int qp = start + row0 + r;
                            float tileMax = NegInf;
                            for (int j = 0; j < Tile; j++)
                            {
                                int kp = kp0 + j;
                                float dot = 0f;
                                if (kp < positions)
                                {
                                    var kr = k.Plus(((long)kvh * cap + kp) * dk);
                                    for (int ch = 0; ch < dk; ch++) dot += qs[r, ch] * widen(kr[ch]);
                                }
                                s[j] = kp <= qp && kp < positions ? dot * scaleLog2 : NegInf;
                                tileMax = Fmax(tileMax, s[j]);
                            }
                            float mNew = Fmax(m[r], tileMax);
                            float alpha = mNew == NegInf ? 1f : MathF.Pow(2f, m[r] - mNew);
                            m[r] = mNew;
                            float psum = 0f;
                            for (int j = 0; j < Tile; j++)
                            {
                                s[j] = mNew == NegInf ? 0f : MathF.Pow(2f, s[j] - mNew);
                                psum += s[j];
                            }
                            l[r] = l[r] * alpha + psum;
                            for (int ch = 0; ch < dv; ch++) acc[r, ch] *= alpha;
                            for (int j = 0; j < Tile; j++)
                            {
                                int kp = kp0 + j;
                                if (kp >= positions) continue;   // the V tile row is zero there
                                float p = round(s[j]);
                                var vr = v.Plus(((long)kvh * cap + kp) * dv);
                                for (int ch = 0; ch < dv; ch++) acc[r, ch] += p * widen(vr[ch]);
                            }
                        }
                    }
                }
                for (int r = 0; r < Tile; r++)
                {
                    int t = row0 + r;
                    if (t < rowBegin || t >= rowEnd) continue;
                    float inv = l[r] > 0f ? 1f / l[r] : 0f;
                    var output = o.Plus(((long)t * heads + h) * dv);
                    for (int ch = 0; ch < dv; ch++) output[ch] = acc[r, ch] * inv;
                }
            }
    }
}
