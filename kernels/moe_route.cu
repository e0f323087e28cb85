// MoE routing, as llama.cpp's build_moe_ffn and our Layers/MoeRouter.cs: gate (softmax over E or an independent
// sigmoid per expert) -> selection scores p + bias (DeepSeek-V3's score-correction bias picks, never weighs)
// -> [groups: keep the GU groups whose two best selection scores sum highest] -> top-A by selection score
// -> weights p of the chosen -> [/ max(sum, 2^-14)] -> [* scale]. Ties go to the lower index. Self-contained.
//
// Legend: T tokens, E experts (<= 1024), A active experts (<= 32), NG groups (E % NG == 0, NG <= 32), GU groups used.
//   logits  (T, E)  f32 router logits (x @ Wg^T)
//   bias    (E)     f32 or null
//   ids     (T, A)  int chosen experts, best first
//   weights (T, A)  f32
//
// gating: 0 softmax, 1 sigmoid. normalize: 0/1. scale: 0 means 1. NG <= 1 means no groups.
// One warp per token, 4 warps per CTA: grid ceil(T / 4), block 128. Dynamic shared memory: 4 * 2 * E floats
// (per warp: gate scores p and selection scores).

#define NEG_INF __int_as_float(0xff800000u)

// Warp argmax with ties to the lower index; every lane returns the winner.
__device__ __forceinline__ void warp_argmax(float& v, int& idx)
{
#pragma unroll
    for (int off = 16; off > 0; off >>= 1)
    {
        const float ov = __shfl_xor_sync(0xffffffffu, v, off);
        const int oi = __shfl_xor_sync(0xffffffffu, idx, off);
        if (ov > v || (ov == v && oi < idx)) { v = ov; idx = oi; }
    }
}

extern "C" __global__ __launch_bounds__(128) void moe_route(const float* __restrict__ logits,
    const float* __restrict__ bias, int* __restrict__ ids, float* __restrict__ weights, int T, int E, int A,
    int gating, int normalize, float scale, int NG, int GU)
{
    extern __shared__ float smem[];
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int t = blockIdx.x * 4 + warp;
    if (t >= T) return;                                          // whole warp leaves together; no __syncthreads below
    float* p = smem + warp * 2 * E;                              // (E) gate scores
    float* s = p + E;                                            // (E) selection scores
    const float* x = logits + (size_t)t * E;

    float mx = NEG_INF;
    for (int e = lane; e < E; e += 32) mx = fmaxf(mx, x[e]);
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, off));
    float sum = 0.f;
    for (int e = lane; e < E; e += 32)
    {
        const float g = gating ? 1.f / (1.f + expf(-x[e])) : expf(x[e] - mx);
        p[e] = g;
        sum += g;
    }
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, off);
    for (int e = lane; e < E; e += 32)
    {
        if (!gating) p[e] /= sum;
        s[e] = p[e] + (bias ? bias[e] : 0.f);
    }
    __syncwarp();

    if (NG > 1)
    {
        // Lane g scores group g (sum of its two best); then GU rounds of argmax keep the best groups.
        const int size = E / NG;
        float gs = NEG_INF;
        if (lane < NG)
        {
            float best = NEG_INF, second = NEG_INF;
            for (int e = lane * size; e < (lane + 1) * size; e++)
            {
                const float v = s[e];
                if (v > best) { second = best; best = v; }
                else if (v > second) second = v;
            }
            gs = size > 1 ? best + second : best;
        }
        bool keep = false;
        for (int r = 0; r < GU; r++)
        {
            float v = (lane < NG && !keep) ? gs : NEG_INF;
            int idx = (lane < NG && !keep) ? lane : 0x7fffffff;
            warp_argmax(v, idx);
            if (lane == idx) keep = true;
        }
        const unsigned kept = __ballot_sync(0xffffffffu, keep);
        __syncwarp();
        for (int e = lane; e < E; e += 32)
            if (!((kept >> (e / size)) & 1u)) s[e] = NEG_INF;
        __syncwarp();
    }

    // A rounds of warp argmax over the experts not yet taken (bit i of taken: expert lane + 32i). When only -inf
    // is left, the lowest untaken index wins, as in the CPU router.
    unsigned taken = 0;
    float wsum = 0.f, myWeight = 0.f;
    int myId = -1;
    for (int a = 0; a < A; a++)
    {
        float v = NEG_INF;
        int idx = 0x7fffffff;
        for (int e = lane, i = 0; e < E; e += 32, i++)
            if (!((taken >> i) & 1u) && (idx == 0x7fffffff || s[e] > v)) { v = s[e]; idx = e; }
        warp_argmax(v, idx);
        if (idx % 32 == lane) taken |= 1u << (idx / 32);
        const float w = p[idx];
        wsum += w;
        if (lane == a) { myId = idx; myWeight = w; }
    }
    if (lane < A)
    {
        float w = myWeight;
        if (normalize) w /= fmaxf(wsum, 6.103515625e-5f);
        if (scale != 0.f) w *= scale;
        ids[(size_t)t * A + lane] = myId;
        weights[(size_t)t * A + lane] = w;
    }
}
