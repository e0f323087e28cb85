// Block-sparse flash attention, prefill: online softmax over the selected key blocks of each query block and KV
// head group, causal inside every block, tensor cores (mma.sync m16n8k16, bf16 or f16 in, f32 accumulate) for
// S = Q K^T and O = P V. Self-contained: no CUDA headers.
//
// Legend: T query tokens of this chunk (positions start .. start+T-1), S = start + T cached positions,
// H query heads, Hkv KV heads (G = H / Hkv heads share one KV head and one block selection), DK key width,
// DV value width, B block size (a multiple of 64), KS the capacity of the selection lists, cap the cache capacity.
// Query blocks are aligned to positions, as the CPU op aligns them: query block qb holds the chunk's positions in
// [qb*B, qb*B+B); the chunk spans NQ = (start+T-1)/B - start/B + 1 of them and list i is query block start/B + i.
//
//   q      (T, H, DK)     f32, already rotated and normed
//   k      (Hkv, cap, DK) bf16 or f16, positions 0 .. S-1 valid
//   v      (Hkv, cap, DV) bf16 or f16
//   sel    (NQ, Hkv, KS)  int key block indices (any order, each at most once); block j = positions j*B..j*B+B-1
//   nsel   (NQ, Hkv)      int count of valid entries in sel
//   o      (T, H, DV)     f32 = softmax(q k^T * scale, causal, over the selected blocks) v
//
// One CTA of 128 threads (4 warps) handles the 64 positions of one tile of a query block for one head (rows of
// the tile outside the chunk are padding): grid (NQ * B / 64, H). Warp w owns rows 16w .. 16w+15 and keeps their
// queries as A fragments in registers.
// Per selected block, 64-key tiles of K (row-major) and V (transposed, so B fragments are 32-bit loads)
// pass through shared memory. Dynamic shared memory: 64*(DK+8)*2 (Q) + 64*(DK+8)*2 (K) + DV*72*2 (V^T) bytes.

#include "half_bits.cuh"


// The element type is a tag: conversion and the mma instruction differ, nothing else.
struct Bf16
{
    static __device__ __forceinline__ u16 from_f32(float f) { return bf16_from_f32(f); }
    static __device__ __forceinline__ void mma(float* d, const u32* a, u32 b0, u32 b1)
    {
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                     "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                     : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
    }
};
struct F16
{
    static __device__ __forceinline__ u16 from_f32(float f) { return f16_from_f32(f); }
    static __device__ __forceinline__ void mma(float* d, const u32* a, u32 b0, u32 b1)
    {
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                     "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                     : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
    }
};

__device__ __forceinline__ u32 pack2(u16 lo, u16 hi) { return (u32)lo | ((u32)hi << 16); }
__device__ __forceinline__ u32 lds32(const u16* p) { return *reinterpret_cast<const u32*>(p); }

#define TILE 64      // query rows per CTA and keys per tile
#define PAD 8        // u16 padding per shared row: rows start 4 banks apart, fragment loads are conflict-free
#define NEG_INF __int_as_float(0xff800000u)

template <typename E, int DK, int DV>
__device__ void attn_prefill(const float* __restrict__ q, const u16* __restrict__ k, const u16* __restrict__ v,
                             const int* __restrict__ sel, const int* __restrict__ nsel, float* __restrict__ o,
                             int T, int H, int Hkv, int cap, int start, int B, int KS, float scale)
{
    extern __shared__ __align__(16) unsigned char smem[];
    const int QS = DK + PAD, KSTR = DK + PAD, VS = TILE + PAD;
    u16* Qs = reinterpret_cast<u16*>(smem);          // (64, DK+8)
    u16* Ks = Qs + TILE * QS;                        // (64, DK+8)
    u16* Vt = Ks + TILE * KSTR;                      // (DV, 64+8)

    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, tq = lane & 3;
    const int subs = B / TILE;
    const int qblock = blockIdx.x / subs;                        // list index
    const int row0 = (start / B + qblock) * B + (blockIdx.x % subs) * TILE - start;   // chunk row of tile row 0 (< 0 before the chunk)
    const int h = blockIdx.y, kvh = h / (H / Hkv);
    const int S = start + T;
    const int rowBegin = max(0, row0), rowEnd = min(T, row0 + TILE);   // rows outside are padding
    if (rowBegin >= rowEnd) return;                              // whole CTA is padding (uniform)
    const int lastPos = start + rowEnd - 1;

    // Q tile -> shared (converted), padding rows are zero.
    for (int i = tid; i < TILE * DK; i += blockDim.x)
    {
        int r = i / DK, c = i % DK, t = row0 + r;
        float x = t >= rowBegin && t < rowEnd ? q[((size_t)t * H + h) * DK + c] : 0.f;
        Qs[r * QS + c] = E::from_f32(x);
    }
    __syncthreads();
    u32 qf[DK / 16][4];
#pragma unroll
    for (int kk = 0; kk < DK / 16; kk++)
    {
        const u16* p = Qs + (warp * 16 + g) * QS + kk * 16 + 2 * tq;
        qf[kk][0] = lds32(p);
        qf[kk][1] = lds32(p + 8 * QS);
        qf[kk][2] = lds32(p + 8);
        qf[kk][3] = lds32(p + 8 * QS + 8);
    }

    float acc[DV / 8][4];
#pragma unroll
    for (int n = 0; n < DV / 8; n++) acc[n][0] = acc[n][1] = acc[n][2] = acc[n][3] = 0.f;
    float mrow[2] = {NEG_INF, NEG_INF}, lrow[2] = {0.f, 0.f};   // rows g and g+8, log2 domain
    const float scaleLog2 = scale * 1.4426950408889634f;
    const int myPos0 = start + row0 + warp * 16 + g;                 // position of row g; row g+8 is +8

    const int count = nsel[qblock * Hkv + kvh];
    const int* list = sel + ((size_t)qblock * Hkv + kvh) * KS;
    for (int i = 0; i < count && i < KS; i++)
    {
        const int kb = list[i];
        for (int j0 = 0; j0 < B; j0 += TILE)
        {
            const int kp0 = kb * B + j0;
            // Uniform across the CTA: a tile wholly in the future of every row, or past the cache, is skipped.
            if (kb < 0 || kp0 >= S || kp0 > lastPos) continue;
            __syncthreads();                                         // previous tile fully consumed
            for (int w = tid; w < TILE * (DK / 8); w += blockDim.x)
            {
                int r = w / (DK / 8), c = (w % (DK / 8)) * 8, kp = kp0 + r;
                uint4 val = make_uint4(0, 0, 0, 0);
                if (kp < S) val = *reinterpret_cast<const uint4*>(k + ((size_t)kvh * cap + kp) * DK + c);
                *reinterpret_cast<uint4*>(Ks + r * KSTR + c) = val;
            }
            for (int w = tid; w < TILE * (DV / 8); w += blockDim.x)
            {
                int r = w / (DV / 8), c = (w % (DV / 8)) * 8, kp = kp0 + r;
                uint4 val = make_uint4(0, 0, 0, 0);
                if (kp < S) val = *reinterpret_cast<const uint4*>(v + ((size_t)kvh * cap + kp) * DV + c);
                const u32 words[4] = {val.x, val.y, val.z, val.w};
#pragma unroll
                for (int e = 0; e < 8; e++) Vt[(c + e) * VS + r] = (u16)(words[e >> 1] >> (16 * (e & 1)));
            }
            __syncthreads();

            // S = Q K^T for this warp's 16 rows x 64 keys: 8 n-tiles of 8 keys.
            float s[TILE / 8][4];
#pragma unroll
            for (int n = 0; n < TILE / 8; n++)
            {
                s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.f;
#pragma unroll
                for (int kk = 0; kk < DK / 16; kk++)
                {
                    const u16* p = Ks + (n * 8 + g) * KSTR + kk * 16 + 2 * tq;
                    E::mma(s[n], qf[kk], lds32(p), lds32(p + 8));
                }
            }
            // Scale into the log2 domain, mask the future and positions past S, and take row maxima.
            float tileMax[2] = {NEG_INF, NEG_INF};
#pragma unroll
            for (int n = 0; n < TILE / 8; n++)
#pragma unroll
                for (int e = 0; e < 4; e++)
                {
                    int kp = kp0 + n * 8 + 2 * tq + (e & 1), qp = myPos0 + (e >> 1) * 8;
                    float x = (kp <= qp && kp < S) ? s[n][e] * scaleLog2 : NEG_INF;
                    s[n][e] = x;
                    tileMax[e >> 1] = fmaxf(tileMax[e >> 1], x);
                }
            float alpha[2];
#pragma unroll
            for (int r = 0; r < 2; r++)
            {
                tileMax[r] = fmaxf(tileMax[r], __shfl_xor_sync(0xffffffffu, tileMax[r], 1));
                tileMax[r] = fmaxf(tileMax[r], __shfl_xor_sync(0xffffffffu, tileMax[r], 2));
                float mNew = fmaxf(mrow[r], tileMax[r]);
                // A row with no visible key so far keeps m = -inf; exp2(-inf - -inf) would be NaN.
                alpha[r] = mNew == NEG_INF ? 1.f : exp2f(mrow[r] - mNew);
                mrow[r] = mNew;
            }
            float psum[2] = {0.f, 0.f};
#pragma unroll
            for (int n = 0; n < TILE / 8; n++)
#pragma unroll
                for (int e = 0; e < 4; e++)
                {
                    float m = mrow[e >> 1];
                    float p = m == NEG_INF ? 0.f : exp2f(s[n][e] - m);
                    s[n][e] = p;
                    psum[e >> 1] += p;
                }
#pragma unroll
            for (int r = 0; r < 2; r++) lrow[r] = lrow[r] * alpha[r] + psum[r];   // per-thread partial, reduced at the end
#pragma unroll
            for (int n = 0; n < DV / 8; n++)
            {
                acc[n][0] *= alpha[0]; acc[n][1] *= alpha[0];
                acc[n][2] *= alpha[1]; acc[n][3] *= alpha[1];
            }
            // O += P V: the S accumulators of key n-tiles 2j and 2j+1 are exactly the A fragment of k-step j.
#pragma unroll
            for (int j = 0; j < TILE / 16; j++)
            {
                u32 a[4];
                a[0] = pack2(E::from_f32(s[2 * j][0]), E::from_f32(s[2 * j][1]));
                a[1] = pack2(E::from_f32(s[2 * j][2]), E::from_f32(s[2 * j][3]));
                a[2] = pack2(E::from_f32(s[2 * j + 1][0]), E::from_f32(s[2 * j + 1][1]));
                a[3] = pack2(E::from_f32(s[2 * j + 1][2]), E::from_f32(s[2 * j + 1][3]));
#pragma unroll
                for (int n = 0; n < DV / 8; n++)
                {
                    const u16* p = Vt + (n * 8 + g) * VS + j * 16 + 2 * tq;
                    E::mma(acc[n], a, lds32(p), lds32(p + 8));
                }
            }
        }
    }

    // Full row sums across the 4 threads of a quad, then normalize and store rows g and g+8.
#pragma unroll
    for (int r = 0; r < 2; r++)
    {
        lrow[r] += __shfl_xor_sync(0xffffffffu, lrow[r], 1);
        lrow[r] += __shfl_xor_sync(0xffffffffu, lrow[r], 2);
    }
#pragma unroll
    for (int r = 0; r < 2; r++)
    {
        int t = row0 + warp * 16 + g + 8 * r;
        if (t < rowBegin || t >= rowEnd) continue;
        float inv = lrow[r] > 0.f ? 1.f / lrow[r] : 0.f;
        float* out = o + ((size_t)t * H + h) * DV;
#pragma unroll
        for (int n = 0; n < DV / 8; n++)
        {
            out[n * 8 + 2 * tq] = acc[n][2 * r] * inv;
            out[n * 8 + 2 * tq + 1] = acc[n][2 * r + 1] * inv;
        }
    }
}

// Entry points by element type and (DK, DV): qwen3/llama/mixtral heads are 128, deepseek2 prefill heads 192/128,
// the bench model's 64. Wider heads would need the O accumulator split across warps (registers).
extern "C" __global__ __launch_bounds__(128) void attn_prefill_bf16_64_64(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* o, int T, int H, int Hkv, int cap, int start, int B, int KS,
    float scale)
{
    attn_prefill<Bf16, 64, 64>(q, k, v, sel, nsel, o, T, H, Hkv, cap, start, B, KS, scale);
}

extern "C" __global__ __launch_bounds__(128) void attn_prefill_bf16_128_128(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* o, int T, int H, int Hkv, int cap, int start, int B, int KS,
    float scale)
{
    attn_prefill<Bf16, 128, 128>(q, k, v, sel, nsel, o, T, H, Hkv, cap, start, B, KS, scale);
}

extern "C" __global__ __launch_bounds__(128) void attn_prefill_bf16_192_128(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* o, int T, int H, int Hkv, int cap, int start, int B, int KS,
    float scale)
{
    attn_prefill<Bf16, 192, 128>(q, k, v, sel, nsel, o, T, H, Hkv, cap, start, B, KS, scale);
}

extern "C" __global__ __launch_bounds__(128) void attn_prefill_f16_64_64(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* o, int T, int H, int Hkv, int cap, int start, int B, int KS,
    float scale)
{
    attn_prefill<F16, 64, 64>(q, k, v, sel, nsel, o, T, H, Hkv, cap, start, B, KS, scale);
}

extern "C" __global__ __launch_bounds__(128) void attn_prefill_f16_128_128(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* o, int T, int H, int Hkv, int cap, int start, int B, int KS,
    float scale)
{
    attn_prefill<F16, 128, 128>(q, k, v, sel, nsel, o, T, H, Hkv, cap, start, B, KS, scale);
}

extern "C" __global__ __launch_bounds__(128) void attn_prefill_f16_192_128(const float* q, const u16* k, const u16* v,
    const int* sel, const int* nsel, float* o, int T, int H, int Hkv, int cap, int start, int B, int KS,
    float scale)
{
    attn_prefill<F16, 192, 128>(q, k, v, sel, nsel, o, T, H, Hkv, cap, start, B, KS, scale);
}
