// Dense GEMM for projections at prefill sizes: y (T, N) = x (T, K) @ W (N, K)^T, f32 activations in and out, W in
// its stored type (bf16, f16 or a quantized type of quant_blocks.cuh). Weight tiles are decoded to bf16 in shared memory and multiplied on the
// tensor cores (mma.sync m16n8k16 bf16 -> f32). Self-contained.
//
// Legend: T tokens (rows of x), K input width, N output width (rows of W).
//   x  (T, K)  f32
//   w  (N, rowBytes) bytes: bf16/f16 rows of K values; quantized rows of K/32 or K/256 blocks (quant_blocks.cuh
//      lists each type's layout)
//   y  (T, N)  f32; accumulate = 1 adds to y (residual), 0 overwrites
//
// Tiles: 64 rows x 64 columns per CTA, k-steps of 32 (one 32-value block, or an eighth of a 256-value one). 128 threads = 2 x 2
// warps of 32 x 32. Grid (ceil(N / 64), ceil(T / 64)). K % 32 == 0 (256-value block types: K % 256 == 0). Static shared: 10 KiB.

#include "weight_tiles.cuh"

template <typename W>
__device__ void gemm(const float* __restrict__ x, const u8* __restrict__ w, float* __restrict__ y, int T, int K,
                     int N, long long rowBytes, int accumulate)
{
    __shared__ __align__(16) u16 As[BM * SP];
    __shared__ __align__(16) u16 Bs[BN * SP];
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, tq = lane & 3;
    const int wm = warp >> 1, wn = warp & 1;
    const int n0 = blockIdx.x * BN, t0 = blockIdx.y * BM;

    float acc[2][4][4];
#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j][0] = acc[i][j][1] = acc[i][j][2] = acc[i][j][3] = 0.f;

    for (int k0 = 0; k0 < K; k0 += BK)
    {
        __syncthreads();                                         // previous k-step consumed
        for (int e = tid; e < BM * BK / 4; e += blockDim.x)      // x: 4 floats per step
        {
            const int r = e / (BK / 4), c = (e % (BK / 4)) * 4, t = t0 + r;
            float4 v = make_float4(0.f, 0.f, 0.f, 0.f);
            if (t < T) v = *reinterpret_cast<const float4*>(x + (size_t)t * K + k0 + c);
            As[r * SP + c] = bf16_from_f32(v.x);
            As[r * SP + c + 1] = bf16_from_f32(v.y);
            As[r * SP + c + 2] = bf16_from_f32(v.z);
            As[r * SP + c + 3] = bf16_from_f32(v.w);
        }
        for (int e = tid; e < BN * BK / 8; e += blockDim.x)      // W: 8 values per step
        {
            const int r = e / (BK / 8), c = (e % (BK / 8)) * 8, n = n0 + r;
            u16 v[8] = {0, 0, 0, 0, 0, 0, 0, 0};
            if (n < N) W::load8(w + (size_t)n * rowBytes, k0 + c, v);
#pragma unroll
            for (int i = 0; i < 8; i++) Bs[r * SP + c + i] = v[i];
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
                const u16* p = Bs + (wn * 32 + j * 8 + g) * SP + kk * 16 + 2 * tq;
                const u32 b0 = lds32(p), b1 = lds32(p + 8);
                mma_bf16(acc[0][j], a[0], b0, b1);
                mma_bf16(acc[1][j], a[1], b0, b1);
            }
        }
    }

#pragma unroll
    for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 4; j++)
#pragma unroll
            for (int e = 0; e < 4; e++)
            {
                const int t = t0 + wm * 32 + i * 16 + g + 8 * (e >> 1), n = n0 + wn * 32 + j * 8 + 2 * tq + (e & 1);
                if (t < T && n < N)
                {
                    float* dst = y + (size_t)t * N + n;
                    *dst = accumulate ? *dst + acc[i][j][e] : acc[i][j][e];
                }
            }
}

extern "C" __global__ __launch_bounds__(128) void gemm_bf16(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WBf16>(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_f16(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WF16>(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q8_0(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ8_0> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q4_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ4_K> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q6_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ6_K> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q5_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ5_K> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q5_0(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ5_0> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q5_1(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ5_1> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q4_0(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ4_0> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q4_1(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ4_1> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q3_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ3_K> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_q2_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BQ2_K> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq4_nl(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ4_NL> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq4_xs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ4_XS> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq2_xxs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ2_XXS> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq2_xs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ2_XS> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq2_s(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ2_S> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq3_xxs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ3_XXS> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq3_s(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ3_S> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq1_s(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ1_S> >(x, w, y, T, K, N, rowBytes, accumulate);
}

extern "C" __global__ __launch_bounds__(128) void gemm_iq1_m(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, int accumulate)
{
    gemm<WQuant<BIQ1_M> >(x, w, y, T, K, N, rowBytes, accumulate);
}
