// MoE grouped expert GEMM over the expert-sorted rows of moe_permute.cu, on the tensor cores (mma.sync m16n8k16
// bf16 -> f32; expert weights in their stored type, decoded to bf16 tiles in shared memory). Two forms:
//   gate/up with fused SwiGLU: h (N, F) = silu(xr @ Wg[e]^T) * (xr @ Wu[e]^T), xr = x[token of sorted row]
//   down:                      y (N, D) = h @ Wd[e]^T
// Row r belongs to expert e when offsets[e] <= r < offsets[e+1]. Self-contained.
//
// Legend: T tokens, A active experts, N = T*A sorted rows, E experts, D hidden, F expert FFN width,
// K input width (D for gate/up, F for down), M output width (F for gate/up, D for down).
//   x        (T, K) f32 tokens (gate/up; row of sorted row r is rowSrc[r] / A) or (N, K) sorted rows (down:
//            rowSrc = null)
//   wg, wu   (E, M, rowBytes) bytes, expert e at + e*expertBytes (gate/up); wd the same shape for down
//   offsets  (E+1) int, rowSrc (N) int (moe_permute.cu)
//   out      (N, M) f32
//
// Tiles: 64 sorted rows of one expert x 64 outputs, k-steps of 32, 128 threads = 2 x 2 warps of 32 x 32. A CTA
// finds its (expert, row tile) by walking the per-expert tile counts, so no host sync on the routing is needed:
// grid (ceil(N / 64) + E, ceil(M / 64)); CTAs past the last tile exit. K % 32 == 0 (256-value block types: K % 256 == 0).
// Static shared: 15 KiB.

#include "weight_tiles.cuh"

template <typename W, bool SWIGLU>
__device__ void moe_gemm(const float* __restrict__ x, const u8* __restrict__ wg, const u8* __restrict__ wu,
                         const int* __restrict__ offsets, const int* __restrict__ rowSrc, float* __restrict__ out,
                         int E, int A, int K, int M, long long rowBytes, long long expertBytes)
{
    __shared__ __align__(16) u16 As[BM * SP];
    __shared__ __align__(16) u16 Bg[BN * SP];
    __shared__ __align__(16) u16 Bu[SWIGLU ? BN * SP : 2];
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, tq = lane & 3;
    const int wm = warp >> 1, wn = warp & 1;
    const int m0 = blockIdx.y * BN;

    // Which expert and which of its row tiles (uniform across the CTA).
    int tile = blockIdx.x, e = 0, r0 = -1, r1 = 0;
    for (; e < E; e++)
    {
        const int tiles = (offsets[e + 1] - offsets[e] + BM - 1) / BM;
        if (tile < tiles) { r0 = offsets[e] + tile * BM; r1 = offsets[e + 1]; break; }
        tile -= tiles;
    }
    if (r0 < 0) return;
    const u8* Wg = wg + (size_t)e * expertBytes;
    const u8* Wu = SWIGLU ? wu + (size_t)e * expertBytes : Wg;

    float ag[2][4][4], au[2][4][4];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 4; j++)
#pragma unroll
            for (int c = 0; c < 4; c++) ag[i][j][c] = au[i][j][c] = 0.f;

    for (int k0 = 0; k0 < K; k0 += BK)
    {
        __syncthreads();                                         // previous k-step consumed
        for (int q = tid; q < BM * BK / 4; q += blockDim.x)
        {
            const int r = q / (BK / 4), c = (q % (BK / 4)) * 4, row = r0 + r;
            float4 v = make_float4(0.f, 0.f, 0.f, 0.f);
            if (row < r1)
            {
                const size_t src = rowSrc ? (size_t)(rowSrc[row] / A) : (size_t)row;
                v = *reinterpret_cast<const float4*>(x + src * K + k0 + c);
            }
            As[r * SP + c] = bf16_from_f32(v.x);
            As[r * SP + c + 1] = bf16_from_f32(v.y);
            As[r * SP + c + 2] = bf16_from_f32(v.z);
            As[r * SP + c + 3] = bf16_from_f32(v.w);
        }
        for (int q = tid; q < BN * BK / 8; q += blockDim.x)
        {
            const int r = q / (BK / 8), c = (q % (BK / 8)) * 8, n = m0 + r;
            u16 vg[8] = {0, 0, 0, 0, 0, 0, 0, 0}, vu[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            if (n < M)
            {
                W::load8(Wg + (size_t)n * rowBytes, k0 + c, vg);
                if (SWIGLU) W::load8(Wu + (size_t)n * rowBytes, k0 + c, vu);
            }
#pragma unroll
            for (int i = 0; i < 8; i++)
            {
                Bg[r * SP + c + i] = vg[i];
                if (SWIGLU) Bu[r * SP + c + i] = vu[i];
            }
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < BK / 16; kk++)
        {
            u32 a[2][4];
#pragma unroll
            for (int i = 0; i < 2; i++)
            {
                const u16* p = As + (wm * 32 + i * 16 + g) * SP + kk * 16 + 2 * tq;
                a[i][0] = lds32(p);
                a[i][1] = lds32(p + 8 * SP);
                a[i][2] = lds32(p + 8);
                a[i][3] = lds32(p + 8 * SP + 8);
            }
#pragma unroll
            for (int j = 0; j < 4; j++)
            {
                const int off = (wn * 32 + j * 8 + g) * SP + kk * 16 + 2 * tq;
                const u32 g0 = lds32(Bg + off), g1 = lds32(Bg + off + 8);
                mma_bf16(ag[0][j], a[0], g0, g1);
                mma_bf16(ag[1][j], a[1], g0, g1);
                if (SWIGLU)
                {
                    const u32 u0 = lds32(Bu + off), u1 = lds32(Bu + off + 8);
                    mma_bf16(au[0][j], a[0], u0, u1);
                    mma_bf16(au[1][j], a[1], u0, u1);
                }
            }
        }
    }

#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 4; j++)
#pragma unroll
            for (int c = 0; c < 4; c++)
            {
                const int row = r0 + wm * 32 + i * 16 + g + 8 * (c >> 1), n = m0 + wn * 32 + j * 8 + 2 * tq + (c & 1);
                if (row < r1 && n < M)
                {
                    const float gv = ag[i][j][c];
                    out[(size_t)row * M + n] = SWIGLU ? gv / (1.f + expf(-gv)) * au[i][j][c] : gv;
                }
            }
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_bf16(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WBf16, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_f16(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WF16, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q8_0(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ8_0>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q4_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ4_K>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q6_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ6_K>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q5_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ5_K>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q5_0(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ5_0>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q5_1(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ5_1>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q4_0(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ4_0>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q4_1(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ4_1>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q3_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ3_K>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_q2_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ2_K>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq4_nl(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ4_NL>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq4_xs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ4_XS>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq2_xxs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ2_XXS>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq2_xs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ2_XS>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq2_s(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ2_S>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq3_xxs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ3_XXS>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq3_s(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ3_S>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq1_s(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ1_S>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_swiglu_iq1_m(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ1_M>, true>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_bf16(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WBf16, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_f16(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WF16, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q8_0(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ8_0>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q4_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ4_K>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q6_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ6_K>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q5_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ5_K>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q5_0(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ5_0>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q5_1(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ5_1>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q4_0(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ4_0>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q4_1(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ4_1>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q3_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ3_K>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_q2_k(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BQ2_K>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq4_nl(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ4_NL>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq4_xs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ4_XS>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq2_xxs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ2_XXS>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq2_xs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ2_XS>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq2_s(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ2_S>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq3_xxs(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ3_XXS>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq3_s(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ3_S>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq1_s(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ1_S>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}

extern "C" __global__ __launch_bounds__(128) void moe_gemm_iq1_m(const float* x, const u8* wg, const u8* wu,
    const int* offsets, const int* rowSrc, float* out, int E, int A, int K, int M, long long rowBytes,
    long long expertBytes)
{
    moe_gemm<WQuant<BIQ1_M>, false>(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes);
}
