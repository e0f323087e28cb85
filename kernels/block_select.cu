// Block selection for block-sparse attention: per query block and KV head group, the sink block, the local window
// and the best-scored other blocks within a budget of blocks. The same rules as the CPU op (Sparse/BlockSelector.cs
// and Backends/Cpu/SparseSelectionJob.cs), so the device reads the blocks the CPU reads. Self-contained.
//
// Legend: T query tokens (positions start .. start+T-1), H query heads, Hkv KV heads, G = H / Hkv, DK key width,
// B block size, NBcap stats capacity in blocks, W window in tokens, budget blocks read per list, KS list capacity.
// Query blocks are aligned to positions, not to the chunk: query block qb covers positions [qb*B, qb*B+B) of the
// chunk; the chunk's first is start/B, NQ = (start+T-1)/B - start/B + 1, list i is query block start/B + i.
//   q     (T, H, DK)         f32 queries (rotated, as attention sees them)
//   kmin  (Hkv, NBcap, DK)   f32 per-block per-channel key minimum (block_stats.cu)
//   kmax  (Hkv, NBcap, DK)   f32 maximum
//   ksum  (Hkv, NBcap, DK)   f32 sum
//   sel   (NQ, Hkv, KS)      int chosen key blocks in ascending order
//   nsel  (NQ, Hkv)          int how many
//
// For query block qb holding positions first .. last of the chunk:
//   visible = qb + 1 blocks; visible <= budget: every visible block.
//   otherwise wf = clamp(max(0, first - W + 1) / B, 1, visible - 1), fixed = 1 + visible - wf (sink + window),
//   K = min(max(0, budget - fixed), wf - 1): the sink, blocks wf .. qb and the K best candidates among 1 .. wf-1.
//   pooled query p = (sum over the block's tokens t, then the group's heads h, of q[t, h]) * (1 / tokens):
//   one vector per (query block, group), so the group shares one selection.
//   score_j = quest (score = 0): sum_c max(p_c * kmax_jc, p_c * kmin_jc), an upper bound of p . k over the block;
//             mean key (score = 1): (p . ksum_j) / B  (candidate blocks are full).
//   ranking: higher score first, ties to the lower block index, a NaN score ranks as -inf (rank counting).
//
// Grid (NQ, Hkv), 256 threads. Dynamic shared memory: (DK + NB) floats + NB bytes, NB = last key block + 1.

#define NEG_INF __int_as_float(0xff800000u)

extern "C" __global__ __launch_bounds__(256) void block_select(const float* __restrict__ q,
    const float* __restrict__ kmin, const float* __restrict__ kmax, const float* __restrict__ ksum,
    int* __restrict__ sel, int* __restrict__ nsel, int T, int H, int Hkv, int DK, int start, int B, int NBcap, int W,
    int budget, int KS, int score_kind)
{
    extern __shared__ __align__(16) unsigned char smem[];
    const int G = H / Hkv, i = blockIdx.x, kvh = blockIdx.y;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, warps = blockDim.x >> 5;
    const int qb = start / B + i;
    const int first = max(start, qb * B), last = min(start + T - 1, qb * B + B - 1);
    const int r0 = first - start, r1 = last - start + 1;          // chunk rows of this query block
    const int visible = qb + 1;
    const bool all = visible <= budget;
    const int wf = all ? 1 : min(max(max(0, first - W + 1) / B, 1), visible - 1);   // all: the sink and blocks 1.. (every visible block)
    const int K = all ? 0 : min(max(0, budget - (1 + visible - wf)), wf - 1);
    float* qp = reinterpret_cast<float*>(smem);                 // (DK) pooled query of the group
    float* score = qp + DK;                                     // (visible)
    unsigned char* chosen = reinterpret_cast<unsigned char*>(score + visible);

    if (K > 0)                                                  // uniform: scores only when candidates compete
    {
        const float inv = 1.f / (float)(r1 - r0);
        for (int c = tid; c < DK; c += blockDim.x)
        {
            float acc = 0.f;
            for (int r = r0; r < r1; r++)
                for (int h = kvh * G; h < (kvh + 1) * G; h++) acc += q[((size_t)r * H + h) * DK + c];
            qp[c] = acc * inv;
        }
        __syncthreads();
        // Score of every candidate: one warp per block, lanes over channels.
        for (int j = 1 + warp; j < wf; j += warps)
        {
            const size_t at = ((size_t)kvh * NBcap + j) * DK;
            float s = 0.f;
            if (score_kind == 0)
                for (int c = lane; c < DK; c += 32)
                {
                    const float x = qp[c];
                    s += fmaxf(x * kmax[at + c], x * kmin[at + c]);
                }
            else
                for (int c = lane; c < DK; c += 32) s += qp[c] * ksum[at + c];
#pragma unroll
            for (int off = 16; off > 0; off >>= 1) s += __shfl_xor_sync(0xffffffffu, s, off);
            if (score_kind != 0) s /= (float)B;
            if (lane == 0) score[j] = s != s ? NEG_INF : s;     // a NaN score ranks last
        }
        __syncthreads();
    }

    // Rank counting: candidate j is chosen when fewer than K candidates beat it (higher score, or equal and lower index).
    for (int j = tid; j < visible; j += blockDim.x)
    {
        unsigned char take = (j == 0 || j >= wf) ? 1 : 0;
        if (!take && K > 0)
        {
            const float sj = score[j];
            int rank = 0;
            for (int c = 1; c < wf && rank < K; c++)
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
        for (int base = 0; base < visible; base += 32)
        {
            const int j = base + lane;
            const bool f = j < visible && chosen[j];
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
