namespace LongDoc.Testing.RandomModels;

/// <summary>
/// The q/k row order of llama's two formats. llama.cpp's converter (convert_hf_to_gguf.py, LlamaModel.permute) turns
/// Hugging Face's rotate-half rows (per head: the first halves of the rotated pairs, then the second halves) into
/// adjacent pairs for RoPE NORM: GGUF row h*Dh + 2j + s holds Hugging Face row h*Dh + s*Dh/2 + j. The random
/// generator's values are in GGUF order; the folder gets them back in Hugging Face order.
/// </summary>
public static class LlamaRopeRows
{
    /// <summary>GGUF-ordered (heads*Dh, cols) rows -> Hugging Face order.</summary>
    public static float[] ToHf(float[] gguf, int heads, int cols)
    {
        int rows = gguf.Length / cols, dh = rows / heads, half = dh / 2;
        var hf = new float[gguf.Length];
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < half; j++)
                for (int s = 0; s < 2; s++)
                    gguf.AsSpan((h * dh + 2 * j + s) * cols, cols).CopyTo(hf.AsSpan((h * dh + s * half + j) * cols, cols));
        return hf;
    }
}
