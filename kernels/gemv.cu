// Dequantizing GEMV for decode (a few tokens): y (T, N) = x (T, K) @ W (N, K)^T with W in its stored type (bf16,
// f16 or a quantized type of quant_blocks.cuh), read once and decoded in registers (never a dequantized copy). Memory-bound: one warp per
// weight row, lanes over consecutive units of the row so each warp reads the row contiguously. Self-contained.
// bf16/f16 weights see their activations rounded to the weight's precision first, as llama.cpp and the CPU do.
//
// Legend: T tokens (1 .. 8), K input width, N output width, Z batch (independent problems, e.g. MLA heads).
//   x  (Z, T, K)          f32, problem z at x + z*xBatch
//   w  (Z, N, rowBytes)   problem z at w + z*wBatchBytes; formats as gemm.cu
//   y  (Z, T, N)          f32, problem z at y + z*yBatch; accumulate = 1 adds to y
//
// Units: bf16/f16 8 values (one 16-byte load), quantized types 32 values (a block, or a part of a 256-value block).
// K % 32 == 0 (bf16/f16: K % 8 == 0 is enough; the 256-value block types: K % 256 == 0). 8 warps per CTA: grid (ceil(N / 8), 1, Z),
// block 256.

#include "quant_blocks.cuh"

#define TMAX 8


// Activations rounded to the weight's precision (round half to even on the dropped mantissa bits, kept as f32),
// as llama.cpp converts them to the weight's vec_dot_type and our CPU backend does (Cpu/ActivationRounding.cs):
// 16 bits for bf16 weights, 13 for f16.
template <int DROP>
__device__ __forceinline__ float round_bits(float x)
{
    const u32 u = __float_as_uint(x);
    const u32 r = (u + ((1u << (DROP - 1)) - 1u) + ((u >> DROP) & 1u)) & ~((1u << DROP) - 1u);
    return __uint_as_float(r);
}

// Each format: values per unit, and "acc[t] += dot(unit u of the row, x[t] at the unit's values)".
struct WBf16
{
    static const int Unit = 8;
    static __device__ __forceinline__ void dot(const u8* row, int u, const float* x, int K, int T, float* acc)
    {
        const uint4 v = *reinterpret_cast<const uint4*>(row + 16 * (size_t)u);
        const u32 w[4] = {v.x, v.y, v.z, v.w};
        float f[8];
#pragma unroll
        for (int e = 0; e < 8; e++) f[e] = bf16_to_f32((u16)(w[e >> 1] >> (16 * (e & 1))));
#pragma unroll
        for (int t = 0; t < TMAX; t++)
            if (t < T)
#pragma unroll
            for (int e = 0; e < 8; e++) acc[t] += f[e] * round_bits<16>(x[(size_t)t * K + 8 * u + e]);
    }
};
struct WF16
{
    static const int Unit = 8;
    static __device__ __forceinline__ void dot(const u8* row, int u, const float* x, int K, int T, float* acc)
    {
        const uint4 v = *reinterpret_cast<const uint4*>(row + 16 * (size_t)u);
        const u32 w[4] = {v.x, v.y, v.z, v.w};
        float f[8];
#pragma unroll
        for (int e = 0; e < 8; e++) f[e] = f16_to_f32((u16)(w[e >> 1] >> (16 * (e & 1))));
#pragma unroll
        for (int t = 0; t < TMAX; t++)
            if (t < T)
#pragma unroll
            for (int e = 0; e < 8; e++) acc[t] += f[e] * round_bits<13>(x[(size_t)t * K + 8 * u + e]);
    }
};
// A quantized row: units of 32 values, decoded by B's block decoder (quant_blocks.cuh), then dotted in order.
template <typename B>
struct WQuant
{
    static const int Unit = 32;
    static __device__ __forceinline__ void dot(const u8* row, int u, const float* x, int K, int T, float* acc)
    {
        float f[32];
#pragma unroll
        for (int c = 0; c < 4; c++) row_decode8<B>(row, 32 * u + 8 * c, f + 8 * c);
#pragma unroll
        for (int t = 0; t < TMAX; t++)
            if (t < T)
            {
                const float* xs = x + (size_t)t * K + 32 * u;
                float s = 0.f;
#pragma unroll
                for (int e = 0; e < 32; e++) s += f[e] * xs[e];
                acc[t] += s;
            }
    }
};

template <typename W>
__device__ void gemv(const float* __restrict__ x, const u8* __restrict__ w, float* __restrict__ y, int T, int K,
                     int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch,
                     int accumulate)
{
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, z = blockIdx.z;
    const int n = blockIdx.x * (blockDim.x >> 5) + warp;
    if (n >= N) return;                                          // whole warp; no block-level sync follows
    x += z * xBatch;
    y += z * yBatch;
    const u8* row = w + z * wBatchBytes + (size_t)n * rowBytes;
    float acc[TMAX];
#pragma unroll
    for (int t = 0; t < TMAX; t++) acc[t] = 0.f;
    for (int u = lane; u < K / W::Unit; u += 32) W::dot(row, u, x, K, T, acc);
#pragma unroll
    for (int t = 0; t < TMAX; t++)
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) acc[t] += __shfl_xor_sync(0xffffffffu, acc[t], off);
    if (lane < T)
    {
        float r = 0.f;
#pragma unroll
        for (int t = 0; t < TMAX; t++) r = t == lane ? acc[t] : r;   // registers cannot be indexed by lane
        float* dst = y + (size_t)lane * N + n;
        *dst = accumulate ? *dst + r : r;
    }
}

extern "C" __global__ __launch_bounds__(256) void gemv_bf16(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WBf16>(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_f16(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WF16>(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q8_0(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ8_0> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q4_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ4_K> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q6_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ6_K> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q5_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ5_K> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q5_0(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ5_0> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q5_1(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ5_1> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q4_0(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ4_0> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q4_1(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ4_1> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q3_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ3_K> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_q2_k(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BQ2_K> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq4_nl(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ4_NL> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq4_xs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ4_XS> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq2_xxs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ2_XXS> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq2_xs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ2_XS> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq2_s(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ2_S> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq3_xxs(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ3_XXS> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq3_s(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ3_S> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq1_s(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ1_S> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}

extern "C" __global__ __launch_bounds__(256) void gemv_iq1_m(const float* x, const u8* w, float* y, int T, int K,
    int N, long long rowBytes, long long xBatch, long long wBatchBytes, long long yBatch, int accumulate)
{
    gemv<WQuant<BIQ1_M> >(x, w, y, T < TMAX ? T : TMAX, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate);
}
