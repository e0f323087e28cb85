// Row softmax in place: x (R, N), each row max-subtracted then exponentiated and normalized (router probabilities).
// One block per row, blockDim.x a power of two <= 1024; shared memory blockDim.x floats (dynamic).
// A row of all -inf gives NaN, as the CPU does: there is no distribution to return.

__device__ float block_reduce(float v, float* shared, bool take_max)
{
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1)
    {
        if (threadIdx.x < s)
        {
            float o = shared[threadIdx.x + s];
            shared[threadIdx.x] = take_max ? fmaxf(shared[threadIdx.x], o) : shared[threadIdx.x] + o;
        }
        __syncthreads();
    }
    float r = shared[0];
    __syncthreads();   // shared is reused by the next reduction
    return r;
}

extern "C" __global__ void softmax_f32(float* __restrict__ x, int n)
{
    extern __shared__ float shared[];
    float* row = x + (long long)blockIdx.x * n;

    float m = -__int_as_float(0x7f800000);
    for (int i = threadIdx.x; i < n; i += blockDim.x) m = fmaxf(m, row[i]);
    m = block_reduce(m, shared, true);

    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x)
    {
        float e = expf(row[i] - m);
        row[i] = e;
        sum += e;
    }
    sum = block_reduce(sum, shared, false);

    float inv = 1.0f / sum;
    for (int i = threadIdx.x; i < n; i += blockDim.x) row[i] *= inv;
}
