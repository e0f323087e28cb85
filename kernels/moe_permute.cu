// MoE token permutation by expert: a stable counting sort of the (token, slot) routing entries by expert, so each
// expert's rows are contiguous for the grouped GEMM (moe_gemm.cu) and moe_unpermute.cu can gather them back.
// Self-contained.
//
// Legend: T tokens, A active experts per token, N = T*A entries (entry n = t*A + a), E experts (<= 1024).
//   ids      (N)     int expert of each entry (moe_route.cu's (T, A))
//   offsets  (E+1)   int rows of expert e are offsets[e] .. offsets[e+1]-1
//   rowSrc   (N)     int for sorted row r, the entry n it came from (its token is n / A)
//   entryRow (N)     int for entry n, its sorted row (inverse of rowSrc)
//
// Stable: within an expert, rows follow entry order, so results do not depend on scheduling. One CTA of 1024
// threads; thread e < E plays expert e. Entries pass through shared memory in chunks of 1024 and each expert
// thread scans the chunk (a broadcast read): pass 1 counts, a scan makes offsets, pass 2 places. O(N) steps per
// thread, no atomics. Ids outside [0, E) are an error the launcher prevents (moe_route only emits valid ids);
// here they are skipped and leave their rows unset.

#define CHUNK 1024

extern "C" __global__ __launch_bounds__(1024) void moe_permute(const int* __restrict__ ids, int* __restrict__ offsets,
    int* __restrict__ rowSrc, int* __restrict__ entryRow, int N, int E)
{
    __shared__ int chunk[CHUNK];
    __shared__ int start[1025];
    const int e = threadIdx.x;

    int count = 0;
    for (int base = 0; base < N; base += CHUNK)
    {
        __syncthreads();
        if (base + e < N) chunk[e] = ids[base + e];
        __syncthreads();
        const int n = min(CHUNK, N - base);
        if (e < E)
            for (int i = 0; i < n; i++) count += chunk[i] == e;
    }
    if (e < E) start[e + 1] = count;
    if (e == 0) start[0] = 0;
    __syncthreads();
    if (e == 0)
        for (int x = 1; x <= E; x++) start[x] += start[x - 1];
    __syncthreads();
    if (e < E) offsets[e] = start[e];
    if (e == 0) offsets[E] = start[E];

    int next = e < E ? start[e] : 0;
    for (int base = 0; base < N; base += CHUNK)
    {
        __syncthreads();
        if (base + e < N) chunk[e] = ids[base + e];
        __syncthreads();
        const int n = min(CHUNK, N - base);
        if (e < E)
            for (int i = 0; i < n; i++)
                if (chunk[i] == e)
                {
                    rowSrc[next] = base + i;
                    entryRow[base + i] = next;
                    next++;
                }
    }
}
