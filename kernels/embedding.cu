// Embedding gather: y (T, D) f32 = rows ids[t] of the token table (V, D), read in the table's stored type.
// Legend: T tokens, D hidden (columns), V vocabulary (rows). One block per token, threads stride over D.
// An id outside [0, V) writes NaN across the row: the host checks ids first, NaN makes a miss impossible to overlook.
// No CUDA headers: f16 through the PTX cvt instruction, bf16 by a shift into the high half of an f32.

#include "half_bits.cuh"

__device__ __forceinline__ bool bad_row(int id, int rows, float* y_row, int cols)
{
    if (id >= 0 && id < rows) return false;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) y_row[c] = __uint_as_float(0x7fc00000u);
    return true;
}

extern "C" __global__ void embedding_f32(const float* __restrict__ table, const int* __restrict__ ids,
                                         float* __restrict__ y, int rows, int cols)
{
    int id = ids[blockIdx.x];
    float* out = y + (long long)blockIdx.x * cols;
    if (bad_row(id, rows, out, cols)) return;
    const float* row = table + (long long)id * cols;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) out[c] = row[c];
}

extern "C" __global__ void embedding_f16(const unsigned short* __restrict__ table, const int* __restrict__ ids,
                                         float* __restrict__ y, int rows, int cols)
{
    int id = ids[blockIdx.x];
    float* out = y + (long long)blockIdx.x * cols;
    if (bad_row(id, rows, out, cols)) return;
    const unsigned short* row = table + (long long)id * cols;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) out[c] = f16_to_f32(row[c]);
}

extern "C" __global__ void embedding_bf16(const unsigned short* __restrict__ table, const int* __restrict__ ids,
                                          float* __restrict__ y, int rows, int cols)
{
    int id = ids[blockIdx.x];
    float* out = y + (long long)blockIdx.x * cols;
    if (bad_row(id, rows, out, cols)) return;
    const unsigned short* row = table + (long long)id * cols;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) out[c] = bf16_to_f32(row[c]);
}

// Q8_0 (ggml): blocks of 32 values, 34 bytes each: f16 scale d, then 32 int8 q; value = d * q.
// Bytes are read one at a time because a 34-byte block leaves the scale only 2-byte aligned.
extern "C" __global__ void embedding_q8_0(const unsigned char* __restrict__ table, const int* __restrict__ ids,
                                          float* __restrict__ y, int rows, int cols)
{
    int id = ids[blockIdx.x];
    float* out = y + (long long)blockIdx.x * cols;
    if (bad_row(id, rows, out, cols)) return;
    const unsigned char* row = table + (long long)id * (cols / 32) * 34;
    for (int c = threadIdx.x; c < cols; c += blockDim.x)
    {
        const unsigned char* block = row + (c / 32) * 34;
        float d = f16_to_f32((unsigned short)(block[0] | (block[1] << 8)));
        out[c] = d * (float)(signed char)block[2 + c % 32];
    }
}
