// The I-quant block decoders of quant_blocks.cuh (inlined at its end; same contract: decode8(b, i0, out) writes values
// i0 .. i0+7 of the block at b as f32, in the arithmetic of the CPU's decoder of the type, equal to ggml's
// dequantize_row_iq*). Every I-quant block holds 256 values in 8 groups g of 32; 8 values are entry l = (i0 % 32) / 8
// of group g = i0 / 32: one 8-value grid entry (IQ1, IQ2) or two 4-value ones (IQ3). Layouts (byte offsets):
//   IQ2_XXS  66: d, per group 2 u32: 4 grid indices (bytes), 4 x 7 sign bits + s in bits 28..31  x = d(0.5+s)/4 grid sign
//   IQ2_XS   74: d, u16 qs[32] (index bits 0..8, signs 9..15), scales[8] (s low / high nibble per 16)
//   IQ2_S    82: d, qs[32] (index low 8), signs[32], qh[8] (index bits 8..9 at 2l), scales[8]
//   IQ3_XXS  98: d, qs[64] (4-value grid indices), per group u32: 4 x 7 sign bits + s         x = d(0.5+s)/2 grid sign
//   IQ3_S   110: d, qs[64], qh[8] (index bit 8 of entry k at bit k), signs[32], scales[4]     x = d(1+2s) grid sign
//   IQ1_S    50: d, qs[32] (index low 8), u16 qh[8] (index bits 8..10 at 3l, s at 12..14, delta sign 15)
//                                                                                     x = d(2s+1)(grid + delta), delta 1/8
//   IQ1_M    56: qs[32], qh[16] (index bits 8..10 and delta sign per entry), u16 sc[4] (3-bit s per 16 values; their
//                top nibbles are d's f16 bits)

#include "iquant_grids.cuh"

// out[j] = scale * grid byte j, negated where bit j of signs is set (ggml's order: scale * grid, then the sign).
__device__ __forceinline__ void signed_grid(float scale, unsigned long long grid, int signs, int n, float* out)
{
    for (int j = 0; j < n; j++)
    {
        const float v = scale * (float)(u8)(grid >> (8 * j));
        out[j] = ((signs >> j) & 1) ? -v : v;
    }
}

struct BIQ2_XXS
{
    static const int Values = 256, Bytes = 66;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int g = i0 / 32, l = i0 % 32 / 8;
        const u8* q = b + 2 + 8 * g;
        const u32 aux = ld_u32(q + 4);
        const float db = ld_f16(b) * (0.5f + (float)(aux >> 28)) * 0.25f;
        signed_grid(db, iq2xxs_grid[q[l]], ksigns_iq2xs[(aux >> (7 * l)) & 127], 8, out);
    }
};
struct BIQ2_XS
{
    static const int Values = 256, Bytes = 74;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int g = i0 / 32, l = i0 % 32 / 8;
        const int sc = b[66 + g], q = ld_u16(b + 2 + 2 * (4 * g + l));
        const float db = ld_f16(b) * (0.5f + (float)(l < 2 ? sc & 0xF : sc >> 4)) * 0.25f;
        signed_grid(db, iq2xs_grid[q & 511], ksigns_iq2xs[q >> 9], 8, out);
    }
};
struct BIQ2_S
{
    static const int Values = 256, Bytes = 82;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int g = i0 / 32, l = i0 % 32 / 8;
        const int sc = b[74 + g], index = b[2 + 4 * g + l] | ((b[66 + g] << (8 - 2 * l)) & 0x300);
        const float db = ld_f16(b) * (0.5f + (float)(l < 2 ? sc & 0xF : sc >> 4)) * 0.25f;
        signed_grid(db, iq2s_grid[index], b[34 + 4 * g + l], 8, out);
    }
};
struct BIQ3_XXS
{
    static const int Values = 256, Bytes = 98;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int g = i0 / 32, l = i0 % 32 / 8;
        const u32 aux = ld_u32(b + 66 + 4 * g);
        const float db = ld_f16(b) * (0.5f + (float)(aux >> 28)) * 0.5f;
        const u8* q = b + 2 + 8 * g;
        const int signs = ksigns_iq2xs[(aux >> (7 * l)) & 127];
        signed_grid(db, iq3xxs_grid[q[2 * l]], signs, 4, out);
        signed_grid(db, iq3xxs_grid[q[2 * l + 1]], signs >> 4, 4, out + 4);
    }
};
struct BIQ3_S
{
    static const int Values = 256, Bytes = 110;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int g = i0 / 32, l = i0 % 32 / 8;
        const float db = ld_f16(b) * (float)(1 + 2 * ((b[106 + g / 2] >> (4 * (g % 2))) & 0xF));
        const int signs = b[74 + 4 * g + l];
        const int k0 = 2 * l, k1 = 2 * l + 1;
        const int i0x = b[2 + 8 * g + k0] | ((b[66 + g] << (8 - k0)) & 256), i1x = b[2 + 8 * g + k1] | ((b[66 + g] << (8 - k1)) & 256);
        signed_grid(db, iq3s_grid[i0x], signs, 4, out);
        signed_grid(db, iq3s_grid[i1x], signs >> 4, 4, out + 4);
    }
};
// out[j] = scale * (signed grid byte j + delta).
__device__ __forceinline__ void offset_grid(float scale, unsigned long long grid, float delta, float* out)
{
#pragma unroll
    for (int j = 0; j < 8; j++) out[j] = scale * ((float)(signed char)(u8)(grid >> (8 * j)) + delta);
}
struct BIQ1_S
{
    static const int Values = 256, Bytes = 50;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int g = i0 / 32, l = i0 % 32 / 8;
        const int qh = ld_u16(b + 34 + 2 * g);
        const float dl = ld_f16(b) * (float)(2 * ((qh >> 12) & 7) + 1);
        const float delta = (qh & 0x8000) ? -0.125f : 0.125f;
        offset_grid(dl, iq1s_grid[b[2 + 4 * g + l] | (((qh >> (3 * l)) & 7) << 8)], delta, out);
    }
};
struct BIQ1_M
{
    static const int Values = 256, Bytes = 56;
    static __device__ __forceinline__ void decode8(const u8* b, int i0, float* out)
    {
        const int g = i0 / 32, l = i0 % 32 / 8;
        const u8* sc = b + 48;
        const u16 dbits = (u16)((ld_u16(sc) >> 12) | ((ld_u16(sc + 2) >> 8) & 0x00F0) | ((ld_u16(sc + 4) >> 4) & 0x0F00) | (ld_u16(sc + 6) & 0xF000));
        const float dl = f16_to_f32(dbits) * (float)(2 * ((ld_u16(sc + 2 * (g / 2)) >> (6 * (g % 2) + 3 * (l / 2))) & 7) + 1);
        const u8 qh = b[32 + 2 * g + l / 2];
        const float delta = (qh & (0x08 << (4 * (l % 2)))) ? -0.125f : 0.125f;
        offset_grid(dl, iq1s_grid[b[4 * g + l] | ((qh << (8 - 4 * (l % 2))) & 0x700)], delta, out);
    }
};
