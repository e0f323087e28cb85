// Shared by gemm.cu and moe_gemm.cu (inlined into each at load by KernelSources, so every source NVRTC compiles is
// still one self-contained file): bf16/f16 conversions, the bf16 tensor-core step (mma.sync m16n8k16) and the
// weight-row loaders that widen 8 values of a stored row (bf16, f16, or any type of quant_blocks.cuh) to bf16 for it.

#include "quant_blocks.cuh"

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
// A quantized row: B's block decoder (quant_blocks.cuh), rounded to bf16.
template <typename B>
struct WQuant
{
    static __device__ __forceinline__ void load8(const u8* row, int k0, u16* out)
    {
        float f[8];
        row_decode8<B>(row, k0, f);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = bf16_from_f32(f[e]);
    }
};
