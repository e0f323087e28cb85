// Shared by gemv.cu, gemm.cu and moe_gemm.cu (through weight_tiles.cuh): the one block decoder of each quantized
// weight type the matmul kernels read. Each is a struct with the block's values and bytes and
//   decode8(b, i0, out): values i0 .. i0+7 (i0 % 8 == 0) of the block at b, as f32,
// in the arithmetic of the CPU's scalar decoder of the same type (src/LongDoc.Runtime/Weights/Quantization, equal to
// ggml's dequantize_row_*), so the kernels and the simulated device's references (which call that decoder) see the
// same values. Eight values never cross a sub-block (the smallest has 16), so each decode8 reads one scale.
// Layouts (byte offsets in the block; h = half, d = f16 scale):
//   Q8_0   34 / 32:  d, i8 qs[32]                                   x = d*q
//   Q4_0   18 / 32:  d, qs[16] (value j low nibble, j+16 high)       x = (q-8)*d
//   Q4_1   20 / 32:  d, m, qs[16]                                   x = q*d + m
//   Q5_0   22 / 32:  d, u32 qh (bit i: fifth bit of value i), qs[16] x = (q-16)*d
//   Q5_1   24 / 32:  d, m, u32 qh, qs[16]                           x = q*d + m
//   IQ4_NL 18 / 32:  d, qs[16] (4-bit indices into kvalues_iq4nl)   x = d*level[q]
//   Q2_K   84 / 256: scales[16] (sc low, m high nibble), qs[64], d, dmin      x = d*sc*q - dmin*m
//   Q3_K  110 / 256: hmask[32], qs[64], scales[12] (6-bit, -32), d            x = d*sc*q, q in [-4, 3]
//   Q4_K  144 / 256: d, dmin, scales[12] (get_scale_min_k4), qs[128]          x = d*sc*q - dmin*m
//   Q5_K  176 / 256: d, dmin, scales[12], qh[32], qs[128]                     x = d*sc*q - dmin*m, q in [0, 31]
//   Q6_K  210 / 256: ql[128], qh[64], i8 scales[16], d                        x = d*sc*(q-32)
//   IQ4_XS 136 / 256: d, u16 scales_h, scales_l[4], qs[128] (6-bit ls, -32)   x = d*ls*level[q]
// and the grid I-quants IQ1_S, IQ1_M, IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS, IQ3_S in iquant_blocks.cuh.

#include "half_bits.cuh"

__device__ __forceinline__ float ld_f16(const u8* p) { return f16_to_f32(ld_u16(p)); }
__device__ __forceinline__ u32 ld_u32(const u8* p) { return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24); }

// get_scale_min_k4: 6-bit scale and min of sub-block j of Q4_K / Q5_K from the 12 packed bytes.
__device__ __forceinline__ void scale_min_k4(const u8* sc, int j, int& s, int& m)
{
    if (j < 4) { s = sc[j] & 63; m = sc[j + 4] & 63; }
    else { s = (sc[j + 4] & 0xF) | ((sc[j - 4] >> 6) << 4); m = (sc[j + 4] >> 4) | ((sc[j] >> 6) << 4); }
}

__constant__ signed char kvalues_iq4nl[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

struct BQ8_0
{
    static const int Values = 32, Bytes = 34;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const float d = ld_f16(b);
        const signed char* qs = reinterpret_cast<const signed char*>(b + 2) + i0;
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = d * (float)qs[e];
    }
};
struct BQ4_0
{
    static const int Values = 32, Bytes = 18;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const float d = ld_f16(b);
        const u8* qs = b + 2 + i0 % 16;
        const int shift = 4 * (i0 / 16);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = (float)(((qs[e] >> shift) & 0xF) - 8) * d;
    }
};
struct BQ4_1
{
    static const int Values = 32, Bytes = 20;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const float d = ld_f16(b), m = ld_f16(b + 2);
        const u8* qs = b + 4 + i0 % 16;
        const int shift = 4 * (i0 / 16);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = (float)((qs[e] >> shift) & 0xF) * d + m;
    }
};
// The 5-bit value i0 + e of a Q5_0 / Q5_1 block whose qh sits at qh and low nibbles at qs.
__device__ __forceinline__ int value5(const u8* qh, const u8* qs, int i)
{
    const int low = (qs[i % 16] >> (4 * (i / 16))) & 0xF;
    return low | (int)(((ld_u32(qh) >> i) & 1u) << 4);
}
struct BQ5_0
{
    static const int Values = 32, Bytes = 22;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const float d = ld_f16(b);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = (float)(value5(b + 2, b + 6, i0 + e) - 16) * d;
    }
};
struct BQ5_1
{
    static const int Values = 32, Bytes = 24;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const float d = ld_f16(b), m = ld_f16(b + 2);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = (float)value5(b + 4, b + 8, i0 + e) * d + m;
    }
};
struct BIQ4_NL
{
    static const int Values = 32, Bytes = 18;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const float d = ld_f16(b);
        const u8* qs = b + 2 + i0 % 16;
        const int shift = 4 * (i0 / 16);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = d * (float)kvalues_iq4nl[(qs[e] >> shift) & 0xF];
    }
};
struct BQ2_K
{
    static const int Values = 256, Bytes = 84;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const u8 sc = b[i0 / 16];
        const float dl = ld_f16(b + 80) * (float)(sc & 0xF), ml = ld_f16(b + 82) * (float)(sc >> 4);
        const u8* qs = b + 16 + i0 / 128 * 32 + i0 % 32;
        const int shift = 2 * (i0 % 128 / 32);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = dl * (float)((qs[e] >> shift) & 3) - ml;
    }
};
struct BQ3_K
{
    static const int Values = 256, Bytes = 110;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int j = i0 / 16;
        const u8* s = b + 96;
        const int low = j < 8 ? s[j] & 0xF : s[j - 8] >> 4, high = (s[8 + j % 4] >> (2 * (j / 4))) & 3;
        const float dl = ld_f16(b + 108) * (float)((low | (high << 4)) - 32);
        const u8* qs = b + 32 + i0 / 128 * 32 + i0 % 32;
        const u8* hm = b + i0 % 32;
        const int shift = 2 * (i0 % 128 / 32), hbit = i0 / 32;
#pragma unroll
        for (int e = 0; e < 8; e++)
        {
            const int q = (qs[e] >> shift) & 3;
            out[e] = dl * (float)(((hm[e] >> hbit) & 1) ? q : q - 4);
        }
    }
};
struct BQ4_K
{
    static const int Values = 256, Bytes = 144;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int j = i0 / 32;
        int s, m;
        scale_min_k4(b + 4, j, s, m);
        const float d = ld_f16(b) * (float)s, mn = ld_f16(b + 2) * (float)m;
        const u8* qs = b + 16 + 32 * (j / 2) + i0 % 32;
        const int shift = 4 * (j & 1);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = d * (float)((qs[e] >> shift) & 0xF) - mn;
    }
};
struct BQ5_K
{
    static const int Values = 256, Bytes = 176;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int j = i0 / 32;
        int s, m;
        scale_min_k4(b + 4, j, s, m);
        const float d = ld_f16(b) * (float)s, mn = ld_f16(b + 2) * (float)m;
        const u8* qh = b + 16 + i0 % 32;
        const u8* qs = b + 48 + 32 * (j / 2) + i0 % 32;
        const int shift = 4 * (j & 1);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = d * (float)(((qs[e] >> shift) & 0xF) + (((qh[e] >> j) & 1) ? 16 : 0)) - mn;
    }
};
struct BQ6_K
{
    static const int Values = 256, Bytes = 210;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int h = i0 / 128, l0 = i0 % 32, q = i0 % 128 / 32;           // half, first value of the quarter, quarter
        const float d = ld_f16(b + 208) * (float)(signed char)b[192 + 8 * h + 2 * q + l0 / 16];
        const u8* ql = b + 64 * h + 32 * (q & 1) + l0;
        const u8* qh = b + 128 + 32 * h + l0;
        const int lshift = 4 * (q >> 1), hshift = 2 * q;
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = d * (float)((((ql[e] >> lshift) & 0xF) | (((qh[e] >> hshift) & 3) << 4)) - 32);
    }
};
struct BIQ4_XS
{
    static const int Values = 256, Bytes = 136;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int j = i0 / 32;
        const int ls = ((b[4 + j / 2] >> (4 * (j % 2))) & 0xF) | (((ld_u16(b + 2) >> (2 * j)) & 3) << 4);
        const float dl = ld_f16(b) * (float)(ls - 32);
        const u8* qs = b + 8 + 16 * j + i0 % 16;
        const int shift = 4 * (i0 % 32 / 16);
#pragma unroll
        for (int e = 0; e < 8; e++) out[e] = dl * (float)kvalues_iq4nl[(qs[e] >> shift) & 0xF];
    }
};

#include "iquant_blocks.cuh"

// Values k0 .. k0+7 (k0 % 8 == 0) of a row of blocks of type B.
template <typename B>
__device__ __forceinline__ void row_decode8(const u8* row, int k0, float* out)
{
    B::decode8(row + (size_t)(k0 / B::Values) * B::Bytes, k0 % B::Values, out);
}
