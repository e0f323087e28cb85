using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// y (T, Rows) = x (T, Cols) @ W^T, split over chunks of output rows across the pool.
/// Decode (few tokens): each weight row is dotted against the tokens in its stored type (read once, no copy).
/// Prefill: a chunk's rows are decoded to f32 once into the thread's scratch, then multiplied with every token in
/// 4 rows x 4 tokens register tiles (<see cref="GemmTile"/>), token blocks small enough to stay in L2, so the
/// weights are read from memory once per batch.
/// Quantized types (<see cref="QuantDots"/>) keep their integer dot in both cases: the activations are quantized once
/// per call to the type's activation format (Q8_0, Q8_1 or Q8_K), as llama.cpp does, so results stay within float rounding
/// of it. In prefill, types with a 4-token kernel (QuantDot.Dot4: all but Q4_0 and Q2_K) unpack each row's blocks once per 4
/// tokens; Q4_K and Q6_K with AVX-VNNI (QuantDot.Tile) unpack each 8 rows once per call into a tile with the rows in
/// the vector lanes and multiply every token with it. Every form's results equal the single-token dot's, so batching
/// never changes a logit.
/// </summary>
internal sealed unsafe class MatMulJob : IParallelJob
{
    public const int ChunkRows = 16;
    // Rows that are never copied to scratch (decode, quantized types) go in larger chunks: with 16, two threads write
    // y entries one cache line apart all the time (false sharing) and take 4x as many chunks from the shared counter;
    // 64 made 2-thread decode ~1.4x faster on the bench shape.
    const int DirectChunkRows = 64;
    const int TokenBlock = 64;
    const int DecodeTokens = 3; // at or below this, converting rows to f32 first costs more than it saves
    // From this many tokens, types with a blocked GEMM (QuantDot.Tile) use it: below, packing the tile costs more than it
    // saves (Q4_K kernel bench, one thread: 4 tokens 0.97 ms tiled vs 0.86 ms with the 4-token kernel, 8 tokens 2.1 vs 1.95,
    // 16 tokens 3.0 vs 4.0).
    const int QuantTileTokens = 8;

    public WeightMatrix W;
    public float* X;        // (T, Cols) activations, already rounded to the weight's dot precision
    public sbyte* Xq;       // (T, Cols) Q8_0 / Q8_1 activations (weights whose QuantDot format is Q8_0 or Q8_1)
    public float* Xd;       // (T, Cols/32) their block scales; Q8_1: (T, 2 Cols/32), d then s per block
    public byte* Xk;        // (T, Cols/256 x 292 bytes) Q8_K activations (k-quant weights)
    public QuantDot Quant;  // the weight type's kernel; Dot == 0 for float types
    public float* Y;        // (T, Rows)
    public int Tokens;
    public WeightMatrix[]? PerToken;  // token t through PerToken[t] (same shape as W) instead of W; null = W for all

    [ThreadStatic] static float[]? _scratch;
    [ThreadStatic] static float* _scratchPtr;
    [ThreadStatic] static byte[]? _tile;
    [ThreadStatic] static byte* _tilePtr;

    int RowsPerChunk => PerToken is not null || Quant.Dot != 0 || Tokens <= DecodeTokens ? DirectChunkRows : ChunkRows;

    int RowChunks => (W.Rows + RowsPerChunk - 1) / RowsPerChunk;

    // Per token: one chunk per (token, block of rows), so each chunk streams consecutive rows of one matrix (rows of
    // 8 matrices interleaved ran at half the bandwidth).
    public int Chunks => PerToken is not null ? Tokens * RowChunks : RowChunks;

    public void Execute(int chunk)
    {
        int rowsPerChunk = RowsPerChunk;
        if (PerToken is not null)
        {
            int t = chunk / RowChunks, p0 = chunk % RowChunks * rowsPerChunk;
            PerTokenRows(t, p0, Math.Min(W.Rows, p0 + rowsPerChunk));
            return;
        }
        int r0 = chunk * rowsPerChunk, r1 = Math.Min(W.Rows, r0 + rowsPerChunk);
        if (Quant.Dot != 0) Quantized(r0, r1);
        else if (Tokens <= DecodeTokens) Direct(r0, r1);
        else Decoded(r0, r1);
    }

    void Direct(int r0, int r1)
    {
        int cols = W.Cols, rows = W.Rows;
        for (int r = r0; r < r1; r++)
        {
            byte* row = W.Data + r * W.RowBytes;
            for (int t = 0; t < Tokens; t++)
            {
                float* x = X + (long)t * cols;
                Y[(long)t * rows + r] = W.Type switch
                {
                    GgmlType.F16 => DotHalf<F16Format>.Dot((ushort*)row, x, cols),
                    GgmlType.BF16 => DotHalf<Bf16Format>.Dot((ushort*)row, x, cols),
                    _ => DotF32.Dot((float*)row, x, cols),
                };
            }
        }
    }

    /// <summary>Token t through its own matrix, rows r0..r1: the single-token kernels of every type, so each result is
    /// what MatMul of that matrix and token alone gives.</summary>
    void PerTokenRows(int t, int r0, int r1)
    {
        int cols = W.Cols, rows = W.Rows, blocks = ScalesPerToken(cols);
        long xBytes = (long)cols / Q8_KBlock.Elements * Q8_KBlock.Bytes;
        var w = PerToken![t];
        for (int r = r0; r < r1; r++)
        {
            byte* row = w.Data + r * w.RowBytes;
            float* x = X + (long)t * cols;
            Y[(long)t * rows + r] = Quant.Dot != 0
                ? Quant.Format != ActivationFormat.Q8_K
                    ? ((delegate*<byte*, sbyte*, float*, int, float>)Quant.Dot)(row, Xq + (long)t * cols, Xd + (long)t * blocks, cols)
                    : ((delegate*<byte*, byte*, int, float>)Quant.Dot)(row, Xk + t * xBytes, cols)
                : w.Type switch
                {
                    GgmlType.F16 => DotHalf<F16Format>.Dot((ushort*)row, x, cols),
                    GgmlType.BF16 => DotHalf<Bf16Format>.Dot((ushort*)row, x, cols),
                    _ => DotF32.Dot((float*)row, x, cols),
                };
        }
    }

    void Decoded(int r0, int r1)
    {
        int cols = W.Cols, rows = W.Rows;
        // F32 rows are used where they lie; other types are decoded once per chunk.
        bool f32 = W.Type == GgmlType.F32;
        float* decoded = f32 ? (float*)(W.Data + r0 * W.RowBytes) : Scratch(ChunkRows * cols);
        if (!f32)
        {
            var decode = CpuRowDecoder.For(W.Type);
            for (int r = r0; r < r1; r++) decode(W.Data + r * W.RowBytes, decoded + (long)(r - r0) * cols, cols);
        }
        long stride = f32 ? W.RowBytes / 4 : cols;
        for (int tb = 0; tb < Tokens; tb += TokenBlock)
        {
            int te = Math.Min(Tokens, tb + TokenBlock);
            // 4 x 4 tiles where rows and tokens allow, single dots on the edges.
            int rt = r0 + (r1 - r0) / GemmTile.Rows * GemmTile.Rows, tt = tb + (te - tb) / GemmTile.Tokens * GemmTile.Tokens;
            for (int r = r0; r < rt; r += GemmTile.Rows)
                for (int t = tb; t < tt; t += GemmTile.Tokens)
                    GemmTile.Tile(decoded + (r - r0) * stride, stride, X + (long)t * cols, cols, cols, Y + (long)t * rows + r, rows);
            for (int r = r0; r < r1; r++)
            {
                float* w = decoded + (r - r0) * stride;
                for (int t = r < rt ? tt : tb; t < te; t++) Y[(long)t * rows + r] = DotF32.Dot(w, X + (long)t * cols, cols);
            }
        }
    }

    void Quantized(int r0, int r1)
    {
        if (Quant.Format == ActivationFormat.Q8_K) Q8_KRows(r0, r1, (delegate*<byte*, byte*, int, float>)Quant.Dot);
        else Q8_0Rows(r0, r1, (delegate*<byte*, sbyte*, float*, int, float>)Quant.Dot);
    }

    /// <summary>Floats of Xd per token: one scale per 32 values (Q8_0), or d and s (Q8_1).</summary>
    int ScalesPerToken(int cols) => cols / DotQ8_0.Block * (Quant.Format == ActivationFormat.Q8_1 ? 2 : 1);

    void Q8_0Rows(int r0, int r1, delegate*<byte*, sbyte*, float*, int, float> dot)
    {
        int cols = W.Cols, rows = W.Rows, blocks = ScalesPerToken(cols);
        for (int tb = 0; tb < Tokens; tb += TokenBlock)
        {
            int te = Math.Min(Tokens, tb + TokenBlock);
            for (int r = r0; r < r1; r++)
            {
                byte* row = W.Data + r * W.RowBytes;
                int t = tb;
                if (Quant.Dot4 != 0)
                    for (; t + DotQ8_0x4.Tokens <= te; t += DotQ8_0x4.Tokens)
                        ((delegate*<byte*, sbyte*, float*, int, float*, long, void>)Quant.Dot4)(row, Xq + (long)t * cols, Xd + (long)t * blocks, cols, Y + (long)t * rows + r, rows);
                for (; t < te; t++)
                    Y[(long)t * rows + r] = dot(row, Xq + (long)t * cols, Xd + (long)t * blocks, cols);
            }
        }
    }

    void Q8_KRows(int r0, int r1, delegate*<byte*, byte*, int, float> dot)
    {
        int cols = W.Cols, rows = W.Rows;
        long xBytes = (long)cols / Q8_KBlock.Elements * Q8_KBlock.Bytes;
        if (Quant.Tile.Pack != 0 && Tokens >= QuantTileTokens) r0 = Tiled(r0, r1);
        for (int tb = 0; tb < Tokens; tb += TokenBlock)
        {
            int te = Math.Min(Tokens, tb + TokenBlock);
            for (int r = r0; r < r1; r++)
            {
                byte* row = W.Data + r * W.RowBytes;
                int t = tb;
                // Prefill: 4 tokens per pass over the row, so its blocks are unpacked once per 4 tokens.
                if (Quant.Dot4 != 0)
                    for (; t + DotKQuant4.Tokens <= te; t += DotKQuant4.Tokens)
                        ((delegate*<byte*, byte*, long, int, float*, long, void>)Quant.Dot4)(row, Xk + t * xBytes, xBytes, cols, Y + (long)t * rows + r, rows);
                for (; t < te; t++) Y[(long)t * rows + r] = dot(row, Xk + t * xBytes, cols);
            }
        }
    }

    /// <summary>
    /// Prefill through the type's blocked GEMM (<see cref="QuantTile"/>): each 8 rows of r0..r1 unpacked once into
    /// the thread's tile, then every token against it, 4 per call (tokens past a multiple of 4 one per call).
    /// Returns the first row left (fewer than 8 remain), for the 4-token kernels.
    /// </summary>
    int Tiled(int r0, int r1)
    {
        const int TileRows = 8, TileTokens = 4;
        int cols = W.Cols, rows = W.Rows, rt = r0 + (r1 - r0) / TileRows * TileRows, tt = Tokens / TileTokens * TileTokens;
        long xBytes = (long)cols / Q8_KBlock.Elements * Q8_KBlock.Bytes;
        var pack = (delegate*<byte*, long, int, byte*, void>)Quant.Tile.Pack;
        var gemm = (delegate*<byte*, int, byte*, long, float*, long, void>)Quant.Tile.Tile;
        var one = (delegate*<byte*, int, byte*, float*, void>)Quant.Tile.One;
        byte* tile = TileScratch(cols / Q8_KBlock.Elements * Quant.Tile.BlockBytes);
        for (int r = r0; r < rt; r += TileRows)
        {
            pack(W.Data + r * W.RowBytes, W.RowBytes, cols, tile);
            // The next 8 rows into L2 while the tokens run on this tile: no weight byte is read there, so the hardware
            // prefetcher would not run ahead, and the next pack would wait on memory.
            if (r + TileRows < rt) Prefetch(W.Data + (r + TileRows) * W.RowBytes, TileRows * W.RowBytes);
            for (int t = 0; t < tt; t += TileTokens) gemm(tile, cols, Xk + t * xBytes, xBytes, Y + (long)t * rows + r, rows);
            for (int t = tt; t < Tokens; t++) one(tile, cols, Xk + t * xBytes, Y + (long)t * rows + r);
        }
        return rt;
    }

    static void Prefetch(byte* p, long bytes)
    {
        for (long o = 0; o < bytes; o += 64) Sse.Prefetch1(p + o);
    }

    /// <summary>Per-thread tile for <see cref="Tiled"/>, 64-byte aligned; only grows.</summary>
    static byte* TileScratch(int bytes)
    {
        if (_tile is null || _tile.Length < bytes + 64)
        {
            _tile = GC.AllocateUninitializedArray<byte>(bytes + 64, pinned: true);
            fixed (byte* p = _tile) _tilePtr = (byte*)(((nint)p + 63) & ~(nint)63);
        }
        return _tilePtr;
    }

    /// <summary>Per-thread scratch that only grows (pinned, so no per-call fixed), none after the first batch.</summary>
    static float* Scratch(int floats)
    {
        if (_scratch is null || _scratch.Length < floats)
        {
            _scratch = GC.AllocateUninitializedArray<float>(floats, pinned: true);
            fixed (float* p = _scratch) _scratchPtr = p;
        }
        return _scratchPtr;
    }
}
