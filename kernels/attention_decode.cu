// Block-sparse attention, decode: one query per head over the selected key blocks of its KV head, split over
// CTAs ("flash decoding"); each split writes an unnormalized partial (m, l, o) that attention_merge.cu combines.
// CUDA cores: decode reads every key once, so it is bound by memory, not by arithmetic. Self-contained.
//
// Legend: H query heads, Hkv KV heads (head h reads KV head h / (H / Hkv)), DK key width, DV value width
// (both multiples of 64, at most 640), S cached positions (the query sits at S-1), B block size, KS capacity of
// the selection list, P splits, cap cache capacity, kstride / vstride elements between consecutive positions.
//
//   q      (H, DK)               f32
//   k      (Hkv, cap, kstride)   bf16 or f16; channel c of position p at k[(kvh*cap + p)*kstride + c]
//   v      (Hkv, cap, vstride)   bf16 or f16 (MLA passes v = k, vstride = kstride: values are the first DV
//                                 channels of the cached latent [c | k_pe])
//   sel    (Hkv, KS)             int key block indices; nsel (Hkv) how many are valid
//   part_o (H, P, DV)            f32 sum_p exp2(s_p - m) v_p over the split's keys
//   part_ml(H, P, 2)             f32 (m, l): running max (log2 domain) and sum of exp2(s_p - m)
//
// Grid (H, P), 128 threads. The split's blocks are slots [s*per, (s+1)*per) of the list, per = ceil(n / P).
// Warp w takes keys w, w+4, ... of those slots; lane l owns channel pairs 2l + 64i. Shared: 4*(DV+2) floats.

#include "half_bits.cuh"

#define NEG_INF __int_as_float(0xff800000u)
#define MAXP 10         // channel pairs per lane: DK, DV <= 640 (MLA: 576 and 512)

struct Bf16 { static __device__ __forceinline__ float to_f32(u16 h) { return bf16_to_f32(h); } };
struct F16 { static __device__ __forceinline__ float to_f32(u16 h) { return f16_to_f32(h); } };

template <typename E>
__device__ __forceinline__ void load_pair(const u16* p, float& x0, float& x1)
{
    u32 w = *reinterpret_cast<const u32*>(p);
    x0 = E::to_f32((u16)(w & 0xffffu));
    x1 = E::to_f32((u16)(w >> 16));
}

template <typename E>
__device__ void attn_decode(const float* __restrict__ q, const u16* __restrict__ k, const u16* __restrict__ v,
                            const int* __restrict__ sel, const int* __restrict__ nsel, float* __restrict__ part_o,
                            float* __restrict__ part_ml, int H, int Hkv, int cap, int kstride, int vstride,
                            int DK, int DV, int S, int B, int KS, float scale)
{
    __shared__ float wm[4], wl[4];
    __shared__ float wo[4][MAXP * 64];
    const int h = blockIdx.x, split = blockIdx.y, P = gridDim.y;
    const int kvh = h / (H / Hkv), warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int pk = DK / 64, pv = DV / 64;                    // pairs per lane

    float qr[2 * MAXP], o[2 * MAXP];
    const float scaleLog2 = scale * 1.4426950408889634f;
#pragma unroll
    for (int i = 0; i < MAXP; i++)
    {
        int c = 2 * lane + 64 * i;
        qr[2 * i] = i < pk ? q[(size_t)h * DK + c] * scaleLog2 : 0.f;
        qr[2 * i + 1] = i < pk ? q[(size_t)h * DK + c + 1] * scaleLog2 : 0.f;
        o[2 * i] = o[2 * i + 1] = 0.f;
    }
    float m = NEG_INF, l = 0.f;

    const int n = min(nsel[kvh], KS), per = (n + P - 1) / P;
    const int slot0 = split * per, slot1 = min(n, slot0 + per);
    const int* list = sel + (size_t)kvh * KS;
    for (int key = warp; key < (slot1 - slot0) * B; key += 4)
    {
        const int kb = list[slot0 + key / B], pos = kb * B + key % B;
        if (kb < 0 || pos >= S) continue;                    // uniform within the warp
        const u16* kp = k + ((size_t)kvh * cap + pos) * kstride;
        float dot = 0.f;
#pragma unroll
        for (int i = 0; i < MAXP; i++)
            if (i < pk)
            {
                float x0, x1;
                load_pair<E>(kp + 2 * lane + 64 * i, x0, x1);
                dot += qr[2 * i] * x0 + qr[2 * i + 1] * x1;
            }
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) dot += __shfl_xor_sync(0xffffffffu, dot, off);
        const float mNew = fmaxf(m, dot), alpha = exp2f(m - mNew), p = exp2f(dot - mNew);  // dot is finite: mNew too
        l = l * alpha + p;
        m = mNew;
        const u16* vp = v + ((size_t)kvh * cap + pos) * vstride;
#pragma unroll
        for (int i = 0; i < MAXP; i++)
            if (i < pv)
            {
                float x0, x1;
                load_pair<E>(vp + 2 * lane + 64 * i, x0, x1);
                o[2 * i] = o[2 * i] * alpha + p * x0;
                o[2 * i + 1] = o[2 * i + 1] * alpha + p * x1;
            }
    }

    // Merge the 4 warps' partials through shared memory.
    if (lane == 0) { wm[warp] = m; wl[warp] = l; }
#pragma unroll
    for (int i = 0; i < MAXP; i++)
        if (i < pv)
        {
            wo[warp][2 * lane + 64 * i] = o[2 * i];
            wo[warp][2 * lane + 64 * i + 1] = o[2 * i + 1];
        }
    __syncthreads();
    float M = fmaxf(fmaxf(wm[0], wm[1]), fmaxf(wm[2], wm[3]));
    float f[4];
#pragma unroll
    for (int w = 0; w < 4; w++) f[w] = M == NEG_INF ? 0.f : exp2f(wm[w] - M);   // a warp without keys has m = -inf
    const size_t part = (size_t)h * P + split;
    if (threadIdx.x == 0)
    {
        part_ml[2 * part] = M;
        part_ml[2 * part + 1] = wl[0] * f[0] + wl[1] * f[1] + wl[2] * f[2] + wl[3] * f[3];
    }
    for (int c = threadIdx.x; c < DV; c += blockDim.x)
        part_o[part * DV + c] = wo[0][c] * f[0] + wo[1][c] * f[1] + wo[2][c] * f[2] + wo[3][c] * f[3];
}

extern "C" __global__ __launch_bounds__(128) void attn_decode_bf16(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* part_o, float* part_ml, int H, int Hkv, int cap, int kstride,
    int vstride, int DK, int DV, int S, int B, int KS, float scale)
{
    attn_decode<Bf16>(q, k, v, sel, nsel, part_o, part_ml, H, Hkv, cap, kstride, vstride, DK, DV, S, B, KS, scale);
}

extern "C" __global__ __launch_bounds__(128) void attn_decode_f16(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* part_o, float* part_ml, int H, int Hkv, int cap, int kstride,
    int vstride, int DK, int DV, int S, int B, int KS, float scale)
{
    attn_decode<F16>(q, k, v, sel, nsel, part_o, part_ml, H, Hkv, cap, kstride, vstride, DK, DV, S, B, KS, scale);
}
