// Log-sum-exp merge of attention partials (the second pass of split decode): each split holds an unnormalized
// output o_s with its running max m_s (log2 domain) and sum l_s; the exact softmax over the union of the splits
// is o = sum_s 2^(m_s - M) o_s / sum_s 2^(m_s - M) l_s with M = max_s m_s. Self-contained.
//
// Legend: H heads, P splits, DV value width.
//   part_o  (H, P, DV) f32
//   part_ml (H, P, 2)  f32 (m, l); an empty split has m = -inf, l = 0
//   o       (H, DV)    f32; a head with no key at all gets zeros
//
// Grid (H), block min(DV, 256) threads striding over DV.

#define NEG_INF __int_as_float(0xff800000u)

extern "C" __global__ void attn_merge(const float* __restrict__ part_o, const float* __restrict__ part_ml,
                                      float* __restrict__ o, int P, int DV)
{
    const int h = blockIdx.x;
    const float* ml = part_ml + (size_t)h * P * 2;
    float M = NEG_INF;
    for (int s = 0; s < P; s++) M = fmaxf(M, ml[2 * s]);
    float L = 0.f;
    for (int s = 0; s < P; s++)
        if (ml[2 * s] != NEG_INF) L += exp2f(ml[2 * s] - M) * ml[2 * s + 1];
    const float inv = L > 0.f ? 1.f / L : 0.f;
    for (int c = threadIdx.x; c < DV; c += blockDim.x)
    {
        float acc = 0.f;
        for (int s = 0; s < P; s++)
            if (ml[2 * s] != NEG_INF) acc += exp2f(ml[2 * s] - M) * part_o[((size_t)h * P + s) * DV + c];
        o[(size_t)h * DV + c] = acc * inv;
    }
}
