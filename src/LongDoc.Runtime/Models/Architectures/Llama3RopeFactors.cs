namespace LongDoc.Runtime.Models;

/// <summary>
/// rope_freqs.weight as llama.cpp's converter computes it for rope_scaling {"rope_type": "llama3", factor,
/// low_freq_factor, high_freq_factor, original_max_position_embeddings} (LlamaModel.generate_extra_tensors): pairs
/// whose wavelength is under original / high_freq_factor keep 1, over original / low_freq_factor get factor, and
/// those between a smooth blend. A GGUF carries the result; a Hugging Face folder's config.json carries the inputs.
/// </summary>
public static class Llama3RopeFactors
{
    public static float[] Compute(float freqBase, int headDim, float factor, int originalContext, float lowFreqFactor = 1f, float highFreqFactor = 4f)
    {
        double lowWavelen = originalContext / lowFreqFactor, highWavelen = originalContext / highFreqFactor;
        var factors = new float[headDim / 2];
        for (int i = 0; i < factors.Length; i++)
        {
            double freq = 1.0 / Math.Pow(freqBase, 2.0 * i / headDim), wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) factors[i] = 1f;
            else if (wavelen > lowWavelen) factors[i] = factor;
            else
            {
                double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                factors[i] = (float)(1 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }
}
