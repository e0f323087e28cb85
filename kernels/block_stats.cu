// Block key statistics: per key block and channel, the minimum, maximum and sum of the keys over the block's cached
// positions, kept beside the cache for the scores of block_select.cu (Quest bound from min/max, mean-key dot from
// the sum). The CPU's KvBlockStatistics holds the same numbers: the sum is accumulated position by position in f32
// from the first key, as there. Self-contained.
//
// Legend: Hkv KV heads, DK key width, B block size, S cached positions, cap cache capacity,
// NB = ceil(S / B) blocks, NBcap = stats capacity in blocks (>= NB).
//   k     (Hkv, cap, DK)     bf16 or f16
//   kmin  (Hkv, NBcap, DK)   f32   min over positions j*B .. min(j*B+B, S)-1 of block j
//   kmax  (Hkv, NBcap, DK)   f32   max over the same positions
//   ksum  (Hkv, NBcap, DK)   f32   sum over the same positions
//
// Only blocks first .. NB-1 are (re)computed: after prefill first = 0, after appending positions from p on
// first = p / B (the partial last block changes as tokens arrive). Grid (NB - first, Hkv), block min(DK, 256)
// threads striding over channels; each thread walks the block's positions, so reads are coalesced per position.

#include "half_bits.cuh"

struct Bf16 { static __device__ __forceinline__ float to_f32(u16 h) { return bf16_to_f32(h); } };
struct F16 { static __device__ __forceinline__ float to_f32(u16 h) { return f16_to_f32(h); } };

template <typename E>
__device__ void block_stats(const u16* __restrict__ k, float* __restrict__ kmin, float* __restrict__ kmax,
                            float* __restrict__ ksum, int cap, int DK, int B, int S, int first, int NBcap)
{
    const int blk = first + blockIdx.x, kvh = blockIdx.y;
    const int p0 = blk * B, p1 = min(p0 + B, S);
    if (p0 >= p1 || blk >= NBcap) return;
    for (int c = threadIdx.x; c < DK; c += blockDim.x)
    {
        float lo = E::to_f32(k[((size_t)kvh * cap + p0) * DK + c]), hi = lo, sum = lo;
        for (int p = p0 + 1; p < p1; p++)
        {
            float x = E::to_f32(k[((size_t)kvh * cap + p) * DK + c]);
            lo = fminf(lo, x);
            hi = fmaxf(hi, x);
            sum += x;
        }
        kmin[((size_t)kvh * NBcap + blk) * DK + c] = lo;
        kmax[((size_t)kvh * NBcap + blk) * DK + c] = hi;
        ksum[((size_t)kvh * NBcap + blk) * DK + c] = sum;
    }
}

extern "C" __global__ void block_stats_bf16(const u16* k, float* kmin, float* kmax, float* ksum, int cap, int DK, int B, int S,
                                            int first, int NBcap)
{
    block_stats<Bf16>(k, kmin, kmax, ksum, cap, DK, B, S, first, NBcap);
}

extern "C" __global__ void block_stats_f16(const u16* k, float* kmin, float* kmax, float* ksum, int cap, int DK, int B, int S,
                                           int first, int NBcap)
{
    block_stats<F16>(k, kmin, kmax, ksum, cap, DK, B, S, first, NBcap);
}
