// Top-k of the lightning indexer's scores with the CPU's order (Layers/TopPositions.cs): for row t (positions
// 0..start+t), the min(K, start+t+1) highest scores, ties to the lower position, NaN equal to -inf, -0 equal to +0,
// written in ascending position order.
// Radix select on order-preserving u32 keys: 4 passes of 8 bits over the row, each counting into a 256-bin histogram
// in shared memory, find the key of the K-th highest (thr) and how many of the keys equal to it are taken (need); one
// ordered pass in chunks of blockDim positions then takes every key above thr and the first `need` keys equal to it,
// block prefix sums giving each its output slot.
//
// Legend: T tokens, ld score row stride, K list capacity (top_k).
//   scores (T, ld) f32 (row t read at 0..start+t), sel (T, K) int, nsel (T) int.
// CTA t: one row; blockDim a multiple of 32 up to 1024 (the launcher uses 1024). Static shared: 1.2 KiB.

typedef unsigned int u32;

__device__ __forceinline__ u32 topk_key(float f)
{
    u32 u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) u = 0xff800000u;   // NaN ranks as -inf
    if (u == 0x80000000u) u = 0u;                           // -0 as +0
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// Exclusive prefix sum of v over the block; *total gets the block's sum. Every thread must call it.
__device__ __forceinline__ int topk_scan(int v, int* total, int* warps)
{
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nw = blockDim.x >> 5;
    int x = v;
    for (int o = 1; o < 32; o <<= 1)
    {
        const int y = __shfl_up_sync(0xffffffffu, x, o);
        if (lane >= o) x += y;
    }
    if (lane == 31) warps[warp] = x;
    __syncthreads();
    if (warp == 0)
    {
        int w = lane < nw ? warps[lane] : 0;
        for (int o = 1; o < 32; o <<= 1)
        {
            const int y = __shfl_up_sync(0xffffffffu, w, o);
            if (lane >= o) w += y;
        }
        if (lane < nw) warps[lane] = w;   // inclusive
    }
    __syncthreads();
    const int before = (warp > 0 ? warps[warp - 1] : 0) + x - v;
    *total = warps[nw - 1];
    __syncthreads();                      // warps[] is reused by the next call
    return before;
}

extern "C" __global__ __launch_bounds__(1024) void dsa_topk(const float* __restrict__ scores, int* __restrict__ sel,
    int* __restrict__ nsel, int T, int ld, int start, int K)
{
    __shared__ u32 hist[256];
    __shared__ int warps[32];
    __shared__ u32 s_prefix;
    __shared__ int s_need;
    const int t = blockIdx.x, tid = threadIdx.x, n = start + t + 1;
    if (t >= T) return;
    const float* row = scores + (size_t)t * ld;
    int* out = sel + (size_t)t * K;
    if (n <= K)
    {
        for (int s = tid; s < n; s += blockDim.x) out[s] = s;
        if (tid == 0) nsel[t] = n;
        return;
    }

    u32 prefix = 0u, mask = 0u;
    int need = K;                          // the need-th highest key among those matching prefix under mask
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        for (int i = tid; i < 256; i += blockDim.x) hist[i] = 0u;
        __syncthreads();
        for (int s = tid; s < n; s += blockDim.x)
        {
            const u32 key = topk_key(row[s]);
            if ((key & mask) == prefix) atomicAdd(&hist[(key >> shift) & 255u], 1u);
        }
        __syncthreads();
        if (tid == 0)
        {
            int above = 0, b = 255;
            for (; b > 0 && above + (int)hist[b] < need; b--) above += (int)hist[b];
            s_prefix = prefix | ((u32)b << shift);
            s_need = need - above;
        }
        __syncthreads();
        prefix = s_prefix;
        need = s_need;
        mask |= 255u << shift;
    }

    int taken = 0, equalSeen = 0;
    for (int c0 = 0; c0 < n; c0 += blockDim.x)
    {
        const int s = c0 + tid;
        const u32 key = s < n ? topk_key(row[s]) : 0u;
        const int gt = s < n && key > prefix, eq = s < n && key == prefix;
        int eqTotal, takeTotal;
        const int eqRank = equalSeen + topk_scan(eq, &eqTotal, warps);
        const int take = gt || (eq && eqRank < need);
        const int slot = taken + topk_scan(take, &takeTotal, warps);
        if (take) out[slot] = s;
        taken += takeTotal;
        equalSeen += eqTotal;
    }
    if (tid == 0) nsel[t] = taken;
}
