// Lightning indexer scores of DeepSeek Sparse Attention (Layers/LightningIndexer.cs) on the tensor cores: for query
// token t at position start + t and every cached position s <= start + t,
//   score(t, s) = sum_h (scale * w(t, h)) * ReLU(q(t, h) . k(s))
// The index keys are cached in f16 (as llama.cpp caches them), so the products run as f16 mma (mma.sync m16n8k16
// f16 -> f32): the keys exactly as stored, q rounded to f16 (clamped to its range), accumulated in f32; ReLU, head
// weights and the head sum in f32. f16 keeps q to 11 bits where bf16 keeps 8 (and bf16 would round the keys too); the
// FP8 (e4m3) mma of DeepSeek's reference needs PTX ISA 8.4, newer than the NVRTC 11.8 CI compiles with. README "GPU
// (CUDA)" has the measured cost of each rounding against f32 selection.
//
// Legend: T tokens, Hi index heads, Di index key width, cap cache capacity, ld score row stride.
//   q (T, Hi, Di) f32 (rotated), w (T, Hi) f32, k (cap, Di) f16 bits, scores (T, ld) f32: row t written at
//   0..start+t only (dsa_topk.cu reads no further).
// CTA (i, t): positions 64i .. 64i+63 of token t (a CTA wholly past start+t returns). 128 threads = 4 warps of 16
// positions x every head. Heads and Di padded to multiples of 16 with zeros (a padded head weighs 0, a padded channel
// adds 0). Dynamic shared: (Hp + 64) rows of Dp + 8 u16 (the pitch keeps fragment loads on distinct banks), then Hp
// f32 head weights.

#include "weight_tiles.cuh"

#define IX_POS 64

__device__ __forceinline__ void mma_f16(float* d, const u32* a, u32 b0, u32 b1)
{
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

extern "C" __global__ __launch_bounds__(128) void dsa_index_scores(const float* __restrict__ q, const float* __restrict__ w,
    const u16* __restrict__ k, float* __restrict__ scores, int T, int Hi, int Di, int start, int ld, float scale)
{
    extern __shared__ __align__(16) u16 ix_sh[];
    const int t = blockIdx.y, s0 = blockIdx.x * IX_POS, count = start + t + 1;
    if (t >= T || s0 >= count) return;
    const int Hp = (Hi + 15) & ~15, Dp = (Di + 15) & ~15, pitch = Dp + 8;
    u16* qs = ix_sh;                                              // (Hp, pitch)
    u16* ks = ix_sh + Hp * pitch;                                 // (64, pitch)
    float* ws = reinterpret_cast<float*>(ks + IX_POS * pitch);    // (Hp)
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, tq = lane & 3;

    for (int e = tid; e < Hp * Dp; e += blockDim.x)
    {
        const int h = e / Dp, c = e % Dp;
        const float v = h < Hi && c < Di ? q[((size_t)t * Hi + h) * Di + c] : 0.f;
        qs[h * pitch + c] = f16_from_f32(fminf(fmaxf(v, -65504.f), 65504.f));
    }
    for (int e = tid; e < IX_POS * Dp; e += blockDim.x)
    {
        const int p = e / Dp, c = e % Dp, s = s0 + p;
        ks[p * pitch + c] = s < count && c < Di ? k[(size_t)s * Di + c] : (u16)0;
    }
    for (int h = tid; h < Hp; h += blockDim.x) ws[h] = h < Hi ? scale * w[(size_t)t * Hi + h] : 0.f;
    __syncthreads();

    // part[j][c]: this lane's head sum for position pw + 8j + 2tq + c over its fragment rows g and g + 8
    float part[2][2] = {{0.f, 0.f}, {0.f, 0.f}};
    const int pw = warp * 16;
    for (int h0 = 0; h0 < Hp; h0 += 16)
    {
        float acc[2][4] = {{0.f, 0.f, 0.f, 0.f}, {0.f, 0.f, 0.f, 0.f}};
        for (int k0 = 0; k0 < Dp; k0 += 16)
        {
            const u16* pa = qs + (h0 + g) * pitch + k0 + 2 * tq;
            u32 a[4];
            a[0] = lds32(pa);
            a[1] = lds32(pa + 8 * pitch);
            a[2] = lds32(pa + 8);
            a[3] = lds32(pa + 8 * pitch + 8);
#pragma unroll
            for (int j = 0; j < 2; j++)
            {
                const u16* pb = ks + (pw + 8 * j + g) * pitch + k0 + 2 * tq;
                mma_f16(acc[j], a, lds32(pb), lds32(pb + 8));
            }
        }
        const float w0 = ws[h0 + g], w1 = ws[h0 + g + 8];
#pragma unroll
        for (int j = 0; j < 2; j++)
        {
            part[j][0] += w0 * fmaxf(acc[j][0], 0.f) + w1 * fmaxf(acc[j][2], 0.f);
            part[j][1] += w0 * fmaxf(acc[j][1], 0.f) + w1 * fmaxf(acc[j][3], 0.f);
        }
    }
#pragma unroll
    for (int j = 0; j < 2; j++)
#pragma unroll
        for (int c = 0; c < 2; c++)
        {
            float v = part[j][c];
            for (int o = 4; o < 32; o <<= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
            const int s = s0 + pw + 8 * j + 2 * tq + c;
            if (g == 0 && s < count) scores[(size_t)t * ld + s] = v;
        }
}
