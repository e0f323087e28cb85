// Greedy sampling: out[r] = index of the largest value of row r of x (R, N); ties go to the lowest index, as
// the CPU sampler does, and NaN never wins. One block per row; blockDim.x must be a power of two <= 1024.
// Shared memory: blockDim.x * (4 + 4) bytes (value, index), passed as dynamic shared memory by the launcher.

extern "C" __global__ void argmax_f32(const float* __restrict__ x, int n, int* __restrict__ out)
{
    extern __shared__ unsigned char shared[];
    float* best = (float*)shared;
    int* where = (int*)(shared + blockDim.x * sizeof(float));
    const float* row = x + (long long)blockIdx.x * n;

    float v = -__int_as_float(0x7f800000);   // -inf
    int at = n;                              // "none yet": larger than any index
    for (int i = threadIdx.x; i < n; i += blockDim.x)
    {
        float xi = row[i];
        if (xi > v || (at == n && xi == v)) { v = xi; at = i; }   // NaN compares false and is skipped
    }
    best[threadIdx.x] = v;
    where[threadIdx.x] = at;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1)
    {
        if (threadIdx.x < s)
        {
            float ov = best[threadIdx.x + s];
            int oi = where[threadIdx.x + s];
            if (ov > best[threadIdx.x] || (ov == best[threadIdx.x] && oi < where[threadIdx.x]))
            {
                best[threadIdx.x] = ov;
                where[threadIdx.x] = oi;
            }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) out[blockIdx.x] = where[0] == n ? 0 : where[0];
}
