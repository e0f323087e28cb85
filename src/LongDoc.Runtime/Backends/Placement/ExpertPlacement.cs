namespace LongDoc.Runtime.Backends.Placement;

/// <summary>Where the routed experts of MoE layers run (<c>--experts cpu|gpu</c>). Cpu: kept in host RAM and run by the
/// CPU backend while attention, the router, shared experts and dense layers run on the device, as ktransformers and
/// llama.cpp's <c>--override-tensor exps=CPU</c> / <c>--n-cpu-moe</c> run DeepSeek-V3/R1 on one GPU with a large RAM.</summary>
public enum ExpertPlacement { Gpu, Cpu }
