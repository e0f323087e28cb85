// Block selection for block-sparse attention: per query block and KV head group, the sink block, the local window
// and the top-K remaining blocks by the Quest upper bound (arXiv 2406.10774). Self-contained.
//
// Legend: T query tokens (positions start .. start+T-1), H query heads, Hkv KV heads, G = H / Hkv, DK key width,
// B block size, NQ = ceil(T / B) query blocks (chunk rows [i*B, i*B+B)), NB = ceil((start+T) / B) key blocks,
// NBcap stats capacity in blocks, W window in tokens, K extra blocks, KS list capacity.
//   q     (T, H, DK)         f32 queries (rotated, as attention sees them)
//   kmin  (Hkv, NBcap, DK)   f32 per-block per-channel key minimum (block_stats.cu)
//   kmax  (Hkv, NBcap, DK)   f32 maximum
//   sel   (NQ, Hkv, KS)      int chosen key blocks in ascending order
//   nsel  (NQ, Hkv)          int how many
//
// For query block i with first position pf and last position pl:
//   causal blocks 0 .. pl/B; window = blocks max(0, pf-W+1)/B .. pl/B (every query sees at least its last W
//   tokens); sink = block 0; candidates = blocks 1 .. windowFirst-1.
//   pooled query per head h of the group: mean (pool = 0) or max (pool = 1) of q over the block's rows.
//   score_j = sum_h sum_c max(qp_hc * kmax_jc, qp_hc * kmin_jc)  (an upper bound of the pooled q . k per head,
//   summed over the group so the group shares one selection)
//   chosen candidates: the K highest scores; ties go to the lower block index (rank counting, deterministic);
//   a NaN score ranks as -inf.
//
// Grid (NQ, Hkv), 256 threads. Dynamic shared memory: (HC*DK + NB) floats + NB bytes, HC heads pooled at a time.

#define NEG_INF __int_as_float(0xff800000u)

extern "C" __global__ __launch_bounds__(256) void block_select(const float* __restrict__ q,
    const float* __restrict__ kmin, const float* __restrict__ kmax, int* __restrict__ sel, int* __restrict__ nsel,
    int T, int H, int Hkv, int DK, int start, int B, int NBcap, int W, int K, int KS, int pool, int HC)
{
    extern __shared__ __align__(16) unsigned char smem[];
    const int G = H / Hkv, i = blockIdx.x, kvh = blockIdx.y;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, warps = blockDim.x >> 5;
    const int r0 = i * B, r1 = min(T, r0 + B);
    const int pf = start + r0, pl = start + r1 - 1;
    const int last = pl / B, winFirst = max(0, pf - W + 1) / B;
    const int NB = last + 1;
    float* qp = reinterpret_cast<float*>(smem);                 // (HC, DK) pooled queries of one chunk of heads
    float* score = qp + HC * DK;                                // (NB)
    unsigned char* chosen = reinterpret_cast<unsigned char*>(score + NB);
    for (int j = tid; j < NB; j += blockDim.x) score[j] = 0.f;

    // Heads in chunks of HC (an MLA group is all H heads over 576 channels: too many to pool at once).
    for (int h0 = 0; h0 < G; h0 += HC)
    {
        const int hc = min(HC, G - h0);
        __syncthreads();                                        // previous chunk's scores done with qp
        for (int e = tid; e < hc * DK; e += blockDim.x)
        {
            const int h = kvh * G + h0 + e / DK, c = e % DK;
            float acc = pool ? NEG_INF : 0.f;
            for (int r = r0; r < r1; r++)
            {
                const float x = q[((size_t)r * H + h) * DK + c];
                acc = pool ? fmaxf(acc, x) : acc + x;
            }
            qp[e] = pool ? acc : acc / (float)(r1 - r0);
        }
        __syncthreads();
        // Quest bound of every candidate: one warp per block, lanes over channels.
        for (int j = warp; j < NB; j += warps)
        {
            if (j < 1 || j >= winFirst) continue;               // uniform within the warp
            const float* lo = kmin + ((size_t)kvh * NBcap + j) * DK;
            const float* hi = kmax + ((size_t)kvh * NBcap + j) * DK;
            float s = 0.f;
            for (int c = lane; c < DK; c += 32)
            {
                const float a = lo[c], b = hi[c];
                for (int g = 0; g < hc; g++)
                {
                    const float x = qp[g * DK + c];
                    s += fmaxf(x * a, x * b);
                }
            }
#pragma unroll
            for (int off = 16; off > 0; off >>= 1) s += __shfl_xor_sync(0xffffffffu, s, off);
            if (lane == 0) score[j] += s;
        }
    }
    __syncthreads();
    for (int j = tid; j < NB; j += blockDim.x)
        if (score[j] != score[j]) score[j] = NEG_INF;           // a NaN bound ranks last
    __syncthreads();

    // Rank counting: candidate j is chosen when fewer than K candidates beat it (higher score, or equal and lower index).
    for (int j = tid; j < NB; j += blockDim.x)
    {
        unsigned char take = (j == 0 || j >= winFirst) ? 1 : 0;
        if (!take)
        {
            const float sj = score[j];
            int rank = 0;
            for (int c = 1; c < winFirst && rank < K; c++)
            {
                const float sc = score[c];
                rank += (sc > sj || (sc == sj && c < j)) ? 1 : 0;
            }
            take = rank < K ? 1 : 0;
        }
        chosen[j] = take;
    }
    __syncthreads();

    // Ascending compaction by warp 0 (ballot + popcount per 32 blocks).
    if (warp == 0)
    {
        int* out = sel + ((size_t)i * Hkv + kvh) * KS;
        int n = 0;
        for (int base = 0; base < NB; base += 32)
        {
            const int j = base + lane;
            const bool f = j < NB && chosen[j];
            const unsigned mask = __ballot_sync(0xffffffffu, f);
            if (f)
            {
                const int pos = n + __popc(mask & ((1u << lane) - 1u));
                if (pos < KS) out[pos] = j;
            }
            n += __popc(mask);
        }
        if (lane == 0) nsel[i * Hkv + kvh] = min(n, KS);
    }
}
