namespace LongDoc.Runtime.Layers;

/// <summary>
/// The normalized Hadamard rotation of the DSA indexer (DeepSeek-V3.2 rotate_activation): each block of n values, n the
/// largest power of two dividing the width, multiplied by the Sylvester matrix H_n / sqrt(n) (H[i, j] = (-1)^popcount(i
/// and j)), as llama.cpp's F32 matmul does; here as the fast Walsh-Hadamard transform, n log n adds.
/// </summary>
public static class Hadamard
{
    /// <summary>The block size n for a vector of <paramref name="width"/> values.</summary>
    public static int BlockSize(int width) => width & -width;

    /// <summary>Rotates x in place, block by block.</summary>
    public static void Rotate(Span<float> x)
    {
        int n = BlockSize(x.Length);
        float norm = 1f / MathF.Sqrt(n);
        for (int b = 0; b < x.Length; b += n)
        {
            var v = x.Slice(b, n);
            for (int h = 1; h < n; h <<= 1)
                for (int i = 0; i < n; i += h << 1)
                    for (int j = i; j < i + h; j++)
                    {
                        float a = v[j], c = v[j + h];
                        v[j] = a + c;
                        v[j + h] = a - c;
                    }
            for (int i = 0; i < n; i++) v[i] *= norm;
        }
    }
}
