using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/attention_decode.cu and attention_merge.cu: split decode attention over the selected key blocks and the
/// log-sum-exp merge of the splits. Legend: H heads, Hkv KV heads, DK/DV widths, S positions (query at S-1), B block,
/// KS list capacity, P splits (gridDim.y), cap capacity; scores in the log2 domain.
/// </summary>
public static class AttentionReferences
{
    const int Warps = 4;

    public static IEnumerable<(string Entry, KernelReference Reference)> DecodeEntries =>
    [
        ("attn_decode_f16", new KernelReference(18, c => Decode(c, F16ToF32))),
        ("attn_decode_bf16", new KernelReference(18, c => Decode(c, Bf16ToF32))),
    ];

    /// <summary>attn_decode_type(q, k, v, sel, nsel, part_o, part_ml, H, Hkv, cap, kstride, vstride, DK, DV, S, B, KS, scale):
    /// CTA (h, split) takes list slots [split*per, (split+1)*per), per = ceil(n / P); warp w takes keys w, w+4, ... of them
    /// with an online softmax; the 4 warps' partials are merged into part_o (H, P, DV) and part_ml (H, P, 2).</summary>
    static void Decode(LaunchContext c, Func<ushort, float> widen)
    {
        var q = c.Ptr<float>(0, "q");
        var k = c.Ptr<ushort>(1, "k");
        var v = c.Ptr<ushort>(2, "v");
        var sel = c.Ptr<int>(3, "sel");
        var nsel = c.Ptr<int>(4, "nsel");
        var partO = c.Ptr<float>(5, "part_o");
        var partMl = c.Ptr<float>(6, "part_ml");
        int heads = c.Int(7), kvHeads = c.Int(8), cap = c.Int(9), kstride = c.Int(10), vstride = c.Int(11), dk = c.Int(12), dv = c.Int(13);
        int positions = c.Int(14), b = c.Int(15), ks = c.Int(16);
        float scaleLog2 = c.Float(17) * 1.4426950408889634f;
        c.Require(c.Block.X == 32 * Warps && c.Block.Y == 1, "the kernel merges exactly 4 warps");
        c.Require(dk % 64 == 0 && dv % 64 == 0 && dk <= 640 && dv <= 640, "DK and DV multiples of 64 up to 640 (channel pairs per lane)");
        int splits = (int)c.Grid.Y;
        var o = new float[Warps, dv];
        var m = new float[Warps];
        var l = new float[Warps];
        var qr = new float[dk];
        var f = new float[Warps];
        for (int h = 0; h < c.Grid.X; h++)
            for (int split = 0; split < splits; split++)
            {
                int kvh = h / (heads / kvHeads);
                for (int ch = 0; ch < dk; ch++) qr[ch] = q[(long)h * dk + ch] * scaleLog2;
                int n = Math.Min(nsel[kvh], ks), per = (n + splits - 1) / splits;
                int slot0 = split * per, slot1 = Math.Min(n, slot0 + per);
                var list = sel.Plus((long)kvh * ks);
                Array.Clear(o);
                for (int w = 0; w < Warps; w++)
                {
                    m[w] = NegInf;
                    l[w] = 0f;
                    for (int key = w; key < (slot1 - slot0) * b; key += Warps)
                    {
                        int kb = list[slot0 + key / b], pos = kb * b + key % b;
                        if (kb < 0 || pos >= positions) continue;
                        var kp = k.Plus(((long)kvh * cap + pos) * kstride);
                        float dot = 0f;
                        for (int ch = 0; ch < dk; ch += 2)
                        {
                            kp.Vector(ch, 4);
                            dot += qr[ch] * widen(kp[ch]) + qr[ch + 1] * widen(kp[ch + 1]);
                        }
                        float mNew = Math.Max(m[w], dot), alpha = MathF.Pow(2f, m[w] - mNew), p = MathF.Pow(2f, dot - mNew);
                        l[w] = l[w] * alpha + p;
                        m[w] = mNew;
                        var vp = v.Plus(((long)kvh * cap + pos) * vstride);
                        for (int ch = 0; ch < dv; ch += 2)
                        {
                            vp.Vector(ch, 4);
                            o[w, ch] = o[w, ch] * alpha + p * widen(vp[ch]);
                            o[w, ch + 1] = o[w, ch + 1] * alpha + p * widen(vp[ch + 1]);
                        }
                    }
                }
                float max = Math.Max(Math.Max(m[0], m[1]), Math.Max(m[2], m[3]));
                for (int w = 0; w < Warps; w++) f[w] = max == NegInf ? 0f : MathF.Pow(2f, m[w] - max);
                long part = (long)h * splits + split;
                partMl[2 * part] = max;
                partMl[2 * part + 1] = l[0] * f[0] + l[1] * f[1] + l[2] * f[2] + l[3] * f[3];
                for (int ch = 0; ch < dv; ch++)
                    partO[part * dv + ch] = o[0, ch] * f[0] + o[1, ch] * f[1] + o[2, ch] * f[2] + o[3, ch] * f[3];
            }
    }

    /// <summary>attn_merge(const float* part_o, const float* part_ml, float* o, int P, int DV): block h merges its P splits;
    /// threads stride over DV; an empty split (m = -inf) is skipped, a head without keys gets zeros.</summary>
    public static void Merge(LaunchContext c)
    {
        var partO = c.Ptr<float>(0, "part_o");
        var partMl = c.Ptr<float>(1, "part_ml");
        var o = c.Ptr<float>(2, "o");
        int splits = c.Int(3), dv = c.Int(4);
        for (int h = 0; h < c.Grid.X; h++)
        {
            var ml = partMl.Plus((long)h * splits * 2);
            float max = NegInf;
            for (int s = 0; s < splits; s++) max = Fmax(max, ml[2 * s]);
            float sum = 0f;
            for (int s = 0; s < splits; s++)
                if (ml[2 * s] != NegInf) sum += MathF.Pow(2f, ml[2 * s] - max) * ml[2 * s + 1];
            float inv = sum > 0f ? 1f / sum : 0f;
            for (int ch = 0; ch < dv; ch++)
            {
                float acc = 0f;
                for (int s = 0; s < splits; s++)
                    if (ml[2 * s] != NegInf) acc += MathF.Pow(2f, ml[2 * s] - max) * partO[((long)h * splits + s) * dv + ch];
                o[(long)h * dv + ch] = acc * inv;
            }
        }
    }
}
