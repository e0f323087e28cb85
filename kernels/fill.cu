// fill: every 32-bit word of a buffer set to one value. The self-test poisons outputs with NaN (0x7fc00000)
// before each run so that a kernel that skips an element cannot pass; it is also the smallest launch there is,
// which makes it the start-up check that the module loader and launch path work.
// Launch: grid-stride, any grid; CudaBackend uses block 256, grid min(ceil(n/256), 4*SMs).

extern "C" __global__ void fill_u32(unsigned int* __restrict__ p, unsigned int value, long long n)
{
    long long stride = (long long)gridDim.x * blockDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) p[i] = value;
}
