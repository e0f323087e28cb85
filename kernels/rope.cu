// Rotary position embedding, as ggml's rope / rope_yarn and our Backends/Cpu/RopeKernel.cs and Layers/YarnRope.cs:
// pair i of a rotated slice has theta_extrap = pos * base^(-2i/dims), computed as ggml does by repeated f32
// multiplication (theta *= thetaScale, thetaScale = base^(-2/dims) from the host), so angles match the CPU.
// NEOX pairs (i, i + dims/2) (qwen), NORM pairs (2i, 2i+1) (llama in ggml layout, deepseek2's rope part).
// YaRN (yarn = 1): theta = theta_interp (1 - ramp) + theta_extrap ramp, theta_interp = theta_extrap * freqScale,
// ramp = 1 - clamp((i - low) / max(0.001, high - low), 0, 1); cos and sin scaled by magnitude. Self-contained.
//
// Legend: T tokens (positions start .. start+T-1), heads rotated slices per token, dims rotated width.
//   x (T, heads, stride) f32 in place; the slice is x[(t*heads + h)*stride + offset .. + dims)
//     (whole heads: stride = offset + dims = Dh, offset = 0; deepseek2 q_pe: stride = Dk, offset = nope;
//      deepseek2 k_pe in the latent row: heads = 1, stride = R + Pe, offset = R)
//
// Grid (T, heads), block dims / 2 threads (one pair each; dims <= 2048).

extern "C" __global__ void rope(float* x, int heads, int stride, int offset, int dims, int start, int neox,
                                float thetaScale, int yarn, float freqScale, float low, float high, float magnitude)
{
    const int t = blockIdx.x, h = blockIdx.y, i = threadIdx.x, half = dims / 2;
    if (i >= half) return;
    float theta = (float)(start + t);
    for (int j = 0; j < i; j++) theta *= thetaScale;
    float angle = theta;
    float mag = 1.f;
    if (yarn)
    {
        const float y = ((float)i - low) / fmaxf(0.001f, high - low);
        const float ramp = 1.f - fminf(1.f, fmaxf(0.f, y));
        angle = theta * freqScale * (1.f - ramp) + theta * ramp;
        mag = magnitude;
    }
    const float c = cosf(angle) * mag, s = sinf(angle) * mag;
    float* v = x + ((size_t)t * heads + h) * stride + offset;
    const int a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
    const float x0 = v[a], x1 = v[b];
    v[a] = x0 * c - x1 * s;
    v[b] = x0 * s + x1 * c;
}
