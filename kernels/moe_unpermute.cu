// MoE weighted un-permute: each token gathers its A expert outputs from the sorted rows and sums them weighted,
// in slot order a = 0 .. A-1. A gather rather than a scatter-add: no atomics, and the sum's order is fixed, so the
// result is deterministic. Self-contained.
//
// Legend: T tokens, A active experts, D hidden, N = T*A sorted rows.
//   y        (N, D)  f32 expert outputs in sorted order (moe_gemm.cu, down projection)
//   entryRow (T*A)   int sorted row of entry t*A + a (moe_permute.cu)
//   weights  (T, A)  f32 routing weights (moe_route.cu)
//   out      (T, D)  f32; accumulate = 1 adds to out (residual stream or shared-expert output), 0 overwrites
//
// Grid (T, ceil(D / 256)), block 256: one thread per (token, channel).

extern "C" __global__ void moe_unpermute(const float* __restrict__ y, const int* __restrict__ entryRow,
    const float* __restrict__ weights, float* __restrict__ out, int T, int A, int D, int accumulate)
{
    const int t = blockIdx.x;
    if (t >= T) return;
    for (int d = blockIdx.y * blockDim.x + threadIdx.x; d < D; d += gridDim.y * blockDim.x)
    {
        float acc = accumulate ? out[(size_t)t * D + d] : 0.f;
        for (int a = 0; a < A; a++)
            acc += weights[(size_t)t * A + a] * y[(size_t)entryRow[(size_t)t * A + a] * D + d];
        out[(size_t)t * D + d] = acc;
    }
}
