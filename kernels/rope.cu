// Rotary position embedding, as ggml's rope_ext / rope_yarn and our Backends/Cpu/RopeKernel.cs (Backends/RopeParams.cs
// has the formula): pair i of a rotated slice has theta = pos * base^(-2i/dims), computed as ggml does by repeated f32
// multiplication (theta *= thetaScale, thetaScale = base^(-2/dims) from the host), so angles match the CPU;
// theta_extrap = theta / factors[i] with frequency factors (Llama 3.1's rope_freqs), else theta.
// NEOX pairs (i, i + dims/2) (qwen), NORM pairs (2i, 2i+1) (llama in ggml layout, deepseek2's rope part).
// angle = theta_extrap * freqScale; YaRN (yarn = 1): angle (1 - ramp) + theta_extrap ramp,
// ramp = 1 - clamp((i - low) / max(0.001, high - low), 0, 1); cos and sin scaled by magnitude (1 without YaRN).
// Self-contained.
//
// Legend: T tokens (positions start .. start+T-1), heads rotated slices per token, dims rotated width.
//   x       (T, heads, stride) f32 in place; the slice is x[(t*heads + h)*stride + offset .. + dims)
//     (whole heads: stride = offset + dims = Dh, offset = 0; deepseek2 q_pe: stride = Dk, offset = nope;
//      deepseek2 k_pe in the latent row: heads = 1, stride = R + Pe, offset = R)
//   factors (dims / 2) f32 or null
//
// Grid (T, heads), block dims / 2 threads (one pair each; dims <= 2048).

extern "C" __global__ void rope(float* x, const float* __restrict__ factors, int heads, int stride, int offset, int dims,
                                int start, int neox, float thetaScale, int yarn, float freqScale, float low, float high,
                                float magnitude)
{
    const int t = blockIdx.x, h = blockIdx.y, i = threadIdx.x, half = dims / 2;
    if (i >= half) return;
    float theta = (float)(start + t);
    for (int j = 0; j < i; j++) theta *= thetaScale;
    const float extrap = factors ? theta / factors[i] : theta;
    float angle = extrap * freqScale;
    if (yarn)
    {
        const float y = ((float)i - low) / fmaxf(0.001f, high - low);
        const float ramp = 1.f - fminf(1.f, fmaxf(0.f, y));
        angle = angle * (1.f - ramp) + extrap * ramp;
    }
    const float c = cosf(angle) * magnitude, s = sinf(angle) * magnitude;
    float* v = x + ((size_t)t * heads + h) * stride + offset;
    const int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
    const float x0 = v[a], x1 = v[b];
    v[a] = x0 * c - x1 * s;
    v[b] = x0 * s + x1 * c;
}
