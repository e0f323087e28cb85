// Top-k / top-p / min-p sampling, in the order of our Generation/Sampler.cs (llama.cpp's chain): repetition
// penalty -> top-k -> top-p -> min-p -> temperature softmax -> draw with a uniform number from the host's seeded
// generator. Candidates are ordered by (logit desc, id asc), so every cut is a prefix and ties are deterministic.
// Temperature 0 is greedy (k = 1: the lowest id among the largest logits). Self-contained.
//
// Legend: V vocabulary, C candidates = top-k if 0 < k < V else V, capped at 1024 (top-p alone looks at the 1024
// most likely tokens), Hn recent tokens for the penalty.
//   logits  (V)  f32, penalized in place
//   history (Hn) int recent tokens (each distinct one penalized once; ids outside [0, V) ignored)
//   out     (1)  int chosen token
//
// Top-C by radix select on order-preserving keys (4 passes of 8-bit histograms find the C-th largest key), then an
// ordered compaction (ballots, index order) collects the keys above it and the lowest-id ties, rank counting sorts
// them, and thread 0 walks the short list for the cuts and the draw. One CTA of 1024 threads: grid 1.

#define NT 1024
#define CMAX 1024

__device__ __forceinline__ unsigned order_key(float f)
{
    const unsigned u = __float_as_uint(f);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);       // larger float -> larger unsigned key
}

// Exclusive prefix of `flag` over the block in thread order; returns this thread's offset, total in *total.
__device__ int block_scan(bool flag, int* warpSums, int* total)
{
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const unsigned mask = __ballot_sync(0xffffffffu, flag);
    __syncthreads();                                          // warpSums free from the previous call
    if (lane == 0) warpSums[warp] = __popc(mask);
    __syncthreads();
    if (warp == 0)
    {
        const int v = warpSums[lane];
        int incl = v;
#pragma unroll
        for (int off = 1; off < 32; off <<= 1)
        {
            const int o = __shfl_up_sync(0xffffffffu, incl, off);
            if (lane >= off) incl += o;
        }
        warpSums[lane] = incl - v;
        if (lane == 31) warpSums[32] = incl;
    }
    __syncthreads();
    *total = warpSums[32];
    return warpSums[warp] + __popc(mask & ((1u << lane) - 1u));
}

extern "C" __global__ __launch_bounds__(1024) void sample(float* logits, int V, const int* history, int Hn,
    float penalty, int topK, float topP, float minP, float temperature, double u, int* out)
{
    __shared__ int hist[256];
    __shared__ int warpSums[33];
    __shared__ unsigned sPrefix;
    __shared__ int sNeed;
    __shared__ float candV[CMAX];
    __shared__ int candI[CMAX];
    __shared__ int order[CMAX];
    const int tid = threadIdx.x;

    if (tid == 0 && penalty != 1.f)
        for (int i = 0; i < Hn; i++)
        {
            const int t = history[i];
            bool seen = t < 0 || t >= V;
            for (int j = 0; j < i && !seen; j++) seen = history[j] == t;
            if (!seen) logits[t] = logits[t] <= 0.f ? logits[t] * penalty : logits[t] / penalty;
        }
    __syncthreads();

    int C = temperature == 0.f ? 1 : (topK > 0 && topK < V ? topK : V);
    C = min(C, CMAX);

    // Radix select: after the loop sPrefix is the C-th largest key and sNeed how many of its ties to take.
    if (tid == 0) { sPrefix = 0u; sNeed = C; }
    unsigned mask = 0u;
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        __syncthreads();
        if (tid < 256) hist[tid] = 0;
        __syncthreads();
        const unsigned prefix = sPrefix;
        for (int i = tid; i < V; i += NT)
        {
            const unsigned key = order_key(logits[i]);
            if ((key & mask) == prefix) atomicAdd(&hist[(key >> shift) & 0xFF], 1);
        }
        __syncthreads();
        if (tid == 0)
        {
            int need = sNeed, b = 255;
            while (b > 0 && hist[b] < need) need -= hist[b--];
            sNeed = need;
            sPrefix = prefix | ((unsigned)b << shift);
        }
        mask |= 0xFFu << shift;
    }
    __syncthreads();
    const unsigned kth = sPrefix;
    const int need = sNeed;

    // Ordered compaction: keys above kth, and the first `need` ties by id.
    int taken = 0, ties = 0;
    for (int base = 0; base < V; base += NT)
    {
        const int i = base + tid;
        const unsigned key = i < V ? order_key(logits[i]) : 0u;
        int tieTotal;
        const int tieRank = ties + block_scan(i < V && key == kth, warpSums, &tieTotal);
        const bool take = i < V && (key > kth || (key == kth && tieRank < need));
        int takeTotal;
        const int slot = taken + block_scan(take, warpSums, &takeTotal);
        if (take && slot < CMAX) { candV[slot] = logits[i]; candI[slot] = i; }
        taken += takeTotal;
        ties += tieTotal;
    }
    __syncthreads();
    const int n = min(taken, C);

    // Sort by (logit desc, id asc): the rank of each candidate is where it goes.
    if (tid < n)
    {
        const float v = candV[tid];
        const int id = candI[tid];
        int rank = 0;
        for (int j = 0; j < n; j++) rank += (candV[j] > v || (candV[j] == v && candI[j] < id)) ? 1 : 0;
        order[rank] = tid;
    }
    __syncthreads();

    if (tid == 0)
    {
        const float mx = candV[order[0]];
        int count = n;
        if (temperature != 0.f && topP < 1.f)
        {
            double sum = 0.0, cum = 0.0;
            for (int i = 0; i < count; i++) sum += (double)expf(candV[order[i]] - mx);
            const double target = (double)topP * sum;
            for (int i = 0; i < count; i++)
            {
                cum += (double)expf(candV[order[i]] - mx);
                if (cum >= target) { count = i + 1; break; }
            }
        }
        if (temperature != 0.f && minP > 0.f)
        {
            const float threshold = mx + logf(minP);
            int keep = 1;
            while (keep < count && candV[order[keep]] >= threshold) keep++;
            count = keep;
        }
        int pick = order[0];
        if (temperature != 0.f)
        {
            double sum = 0.0;
            for (int i = 0; i < count; i++) sum += (double)expf((candV[order[i]] - mx) / temperature);
            const double r = u * sum;
            double cum = 0.0;
            pick = order[count - 1];                          // r landed on the rounding error at the top
            for (int i = 0; i < count; i++)
            {
                cum += (double)expf((candV[order[i]] - mx) / temperature);
                if (r < cum) { pick = order[i]; break; }
            }
        }
        out[0] = candI[pick];
    }
}
