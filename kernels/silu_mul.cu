// SwiGLU gate: gate = silu(gate) * up, silu(g) = g / (1 + e^-g), for the dense FFN (the MoE FFN fuses it into
// moe_gemm.cu). Self-contained.
//
// Legend: n = T * F values.
//   gate (n) f32 in place, up (n) f32
//
// Grid ceil(n / 256), block 256.

extern "C" __global__ void silu_mul(float* gate, const float* __restrict__ up, long long n)
{
    const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const float g = gate[i];
    gate[i] = g / (1.f + expf(-g)) * up[i];
}
