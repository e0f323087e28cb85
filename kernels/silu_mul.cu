// SwiGLU gate: gate[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)). In place on gate, like the CPU
// backend's SiluMul. Launch: grid-stride, block 256.
// expf, not __expf: the result is compared with the CPU to float tolerance.

extern "C" __global__ void silu_mul_f32(float* __restrict__ gate, const float* __restrict__ up, long long n)
{
    long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
    {
        float g = gate[i];
        gate[i] = g / (1.0f + expf(-g)) * up[i];
    }
}
