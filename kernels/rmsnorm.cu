// RMSNorm: y = x / sqrt(mean(x^2) + eps) * weight, per row of n values. The same kernel serves the block norms
// (rows = tokens, n = D) and the per-head q/k norms of qwen3 (rows = T*H, n = Dk; one weight of Dk for all heads).
// Self-contained.
//
// Legend: R rows, n row width.
//   x      (R, n) f32
//   weight (n)    f32
//   y      (R, n) f32; may alias x (each element is read before it is written by the same thread)
//
// Grid (R), block 256 threads (a multiple of 32, at most 1024). Static shared: 32 floats.

extern "C" __global__ void rmsnorm(const float* x, const float* __restrict__ weight, float* y, int n, float eps)
{
    __shared__ float partial[32];
    const size_t row = blockIdx.x;
    const float* xr = x + row * n;
    float* yr = y + row * n;
    float ss = 0.f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) ss += xr[i] * xr[i];
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) ss += __shfl_xor_sync(0xffffffffu, ss, off);
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, warps = blockDim.x >> 5;
    if (lane == 0) partial[warp] = ss;
    __syncthreads();
    if (warp == 0)
    {
        float s = lane < warps ? partial[lane] : 0.f;
#pragma unroll
        for (int off = 16; off > 0; off >>= 1) s += __shfl_xor_sync(0xffffffffu, s, off);
        if (lane == 0) partial[0] = s;
    }
    __syncthreads();
    const float scale = rsqrtf(partial[0] / (float)n + eps);
    for (int i = threadIdx.x; i < n; i += blockDim.x) yr[i] = xr[i] * scale * weight[i];
}
