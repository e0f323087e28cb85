// Sparse MLA of DeepSeek Sparse Attention over the positions the lightning indexer selected, decode (T = 1) and
// prefill alike, in latent space (Layers/GatheredLatentAttention.cs): for token t and head h, the scores
// q(t, h) . row(p) * scale over the n_t positions p of sel(t), softmax over them only, and the output
// o(t, h) = sum_p a_p c(p) with c(p) the first R channels of the row. Nothing outside the selection is read.
// q is rounded to f16's 11-bit significand (keeping f32's exponent) before the dot products, as the CPU rounds the
// activation of a matmul against f16 rows (Backends/Cpu/ActivationRounding.cs, llama.cpp's f16 vec_dot); the rest f32.
//
// Legend: T tokens, H heads, R kv_lora rank, Pe rope width, W = R + Pe the latent cache row, K list capacity.
//   q (T, H, W) f32 absorbed queries [W_k^T q_nope | q_pe]; cache (cap, W) f16 bits [c | k_pe]; sel (T, K) int
//   (the first nsel[t] used); nsel (T) int, 1..K; o (T, H, R) f32.
// CTA (h, t), 256 threads: one warp per position for the scores, then softmax in f32, then one thread per channel
// summing over the positions in order. Dynamic shared: the query row (W floats), then the scores (K floats).

#include "half_bits.cuh"

__device__ __forceinline__ float mla_round_f16_mantissa(float f)
{
    const u32 u = __float_as_uint(f);
    return __uint_as_float((u + 0xfffu + ((u >> 13) & 1u)) & ~0x1fffu);
}

__device__ __forceinline__ float mla_warp_sum(float v)
{
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float mla_warp_max(float v)
{
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

extern "C" __global__ __launch_bounds__(256) void dsa_mla_f16(const float* __restrict__ q, const u16* __restrict__ cache,
    const int* __restrict__ sel, const int* __restrict__ nsel, float* __restrict__ o, int T, int H, int R, int Pe, int K, float scale)
{
    extern __shared__ __align__(16) float mla_sh[];
    __shared__ float red[32];
    const int h = blockIdx.x, t = blockIdx.y, W = R + Pe;
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5, nw = blockDim.x >> 5;
    if (h >= H || t >= T) return;
    const int n = nsel[t];
    const int* st = sel + (size_t)t * K;
    float* qs = mla_sh;
    float* sc = mla_sh + W;
    for (int c = tid; c < W; c += blockDim.x) qs[c] = mla_round_f16_mantissa(q[((size_t)t * H + h) * W + c]);
    __syncthreads();

    for (int j = warp; j < n; j += nw)
    {
        const u16* row = cache + (size_t)st[j] * W;
        float acc = 0.f;
        for (int c = lane; c < W; c += 32) acc += qs[c] * f16_to_f32(row[c]);
        acc = mla_warp_sum(acc);
        if (lane == 0) sc[j] = acc * scale;
    }
    __syncthreads();

    float m = __int_as_float(0xff800000);
    for (int j = tid; j < n; j += blockDim.x) m = fmaxf(m, sc[j]);
    m = mla_warp_max(m);
    if (lane == 0) red[warp] = m;
    __syncthreads();
    m = red[0];
    for (int i = 1; i < nw; i++) m = fmaxf(m, red[i]);
    __syncthreads();

    float sum = 0.f;
    for (int j = tid; j < n; j += blockDim.x)
    {
        const float e = expf(sc[j] - m);
        sc[j] = e;
        sum += e;
    }
    sum = mla_warp_sum(sum);
    if (lane == 0) red[warp] = sum;
    __syncthreads();
    sum = 0.f;
    for (int i = 0; i < nw; i++) sum += red[i];
    const float inv = 1.f / sum;

    for (int c = tid; c < R; c += blockDim.x)
    {
        float acc = 0.f;
        for (int j = 0; j < n; j++) acc += sc[j] * f16_to_f32(cache[(size_t)st[j] * W + c]);
        o[((size_t)t * H + h) * R + c] = acc * inv;
    }
}
