// Shared by gemm.cu and moe_gemm.cu (inlined into each at load by KernelSources, so every source NVRTC compiles is
// still one self-contained file): bf16/f16 conversions, the bf16 tensor-core step (mma.sync m16n8k16) and the
// weight-row loaders that widen 8 values of a stored row (bf16, f16, Q8_0, Q4_K) to bf16 for it.

#include "half_bits.cuh"

__device__ __forceinline__ u32 lds32(const u16* p) { return *reinterpret_cast<const u32*>(p); }

__device__ __forceinline__ void mma_bf16(float* d, const u32* a, u32 b0, u32 b1)
{
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

#define BM 64
#define BN 64
#define BK 32
#define SP (BK + 8)   // shared row pitch in u16: rows 20 words apart, fragment loads hit 32 distinct banks

// Weight decoders: 8 consecutive values k0 .. k0+7 (k0 % 8 == 0) of row `row` (rowBytes apart) as bf16.
struct WBf16
{
    static __device__ __forceinline__ void load8(const u8* row, int k0, u16* out)
    {
        const uint4 v = *reinterpret_cast<const uint4*>(row + 2 * (size_t)k0);
        const u32 w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = (u16)(w[e >> 1] >> (16 * (e & 1)));
    }
};
struct WF16
{
    static __device__ __forceinline__ void load8(const u8* row, int k0, u16* out)
    {
        const uint4 v = *reinterpret_cast<const uint4*>(row + 2 * (size_t)k0);
        const u32 w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = bf16_from_f32(f16_to_f32((u16)(w[e >> 1] >> (16 * (e & 1)))));
    }
};
struct WQ8_0
{
    static __device__ __forceinline__ void load8(const u8* row, int k0, u16* out)
    {
        const u8* b = row + (size_t)(k0 / 32) * 34;
        const float d = f16_to_f32(ld_u16(b));
        const signed char* qs = reinterpret_cast<const signed char*>(b + 2) + k0 % 32;
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = bf16_from_f32(d * (float)qs[e]);
    }
};
struct WQ4_K
{
    static __device__ __forceinline__ void load8(const u8* row, int k0, u16* out)
    {
        const u8* b = row + (size_t)(k0 / 256) * 144;
        const int j = (k0 % 256) / 32, l0 = k0 % 32;            // sub-block, first element in it
        const u8* sc = b + 4;
        int s, m;                                                // get_scale_min_k4
        if (j < 4) { s = sc[j] & 63; m = sc[j + 4] & 63; }
        else { s = (sc[j + 4] & 0xF) | ((sc[j - 4] >> 6) << 4); m = (sc[j + 4] >> 4) | ((sc[j] >> 6) << 4); }
        const float d = f16_to_f32(ld_u16(b)) * (float)s, mn = f16_to_f32(ld_u16(b + 2)) * (float)m;
        const u8* qs = b + 16 + 32 * (j / 2) + l0;
        const int shift = 4 * (j & 1);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = bf16_from_f32(d * (float)((qs[e] >> shift) & 0xF) - mn);
    }
};
