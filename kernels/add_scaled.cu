// Residual adds: y += a * x (a = 1 for the plain residual add; shared-expert and MLA head sums use other a).
// Self-contained.
//
// Legend: n values.
//   y (n) f32 in place, x (n) f32
//
// Grid ceil(n / 256), block 256.

extern "C" __global__ void add_scaled(float* y, const float* __restrict__ x, float a, long long n)
{
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] += a * x[i];
}
