// Residual adds: add_f32: x[i] += y[i]; add_scaled_f32: y[i] += a * x[i] (the weighted sum of expert outputs).
// One op (accumulate into a vector), two entry points. Launch: grid-stride, block 256.

extern "C" __global__ void add_f32(float* __restrict__ x, const float* __restrict__ y, long long n)
{
    long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) x[i] += y[i];
}

extern "C" __global__ void add_scaled_f32(float* __restrict__ y, const float* __restrict__ x, float a, long long n)
{
    long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) y[i] = fmaf(a, x[i], y[i]);
}
