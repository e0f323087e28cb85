namespace LongDoc.Runtime.Backends.Placement;

/// <summary>
/// The backend of each part of a model: <see cref="Device"/> for what a <see cref="PlacementPlan"/> puts on the device,
/// <see cref="Host"/> (the CPU backend) for the rest. Without a plan (the CPU backend alone) every part gets the one backend.
/// </summary>
public sealed class PlacedBackends(IBackend device, IBackend host, PlacementPlan? plan)
{
    /// <summary>Every part on <paramref name="backend"/>.</summary>
    public static PlacedBackends All(IBackend backend) => new(backend, backend, null);

    public IBackend Device => device;
    public IBackend Host => host;
    public PlacementPlan? Plan => plan;

    /// <summary>The backend of layer <paramref name="layer"/> (attention, router, shared experts, dense FFN).</summary>
    public IBackend Layer(int layer) => plan is null || plan.OnDevice(layer) ? device : host;

    /// <summary>The backend of layer <paramref name="layer"/>'s routed experts.</summary>
    public IBackend Experts(int layer) => plan is null || plan.ExpertsOnDevice(layer) ? device : host;

    /// <summary>The embedding lookup: on the host under a plan (llama.cpp keeps its input layer on the CPU).</summary>
    public IBackend Embedding => plan is null ? device : host;

    /// <summary>The output norm and matrix.</summary>
    public IBackend Output => plan is null || plan.OutputOnDevice ? device : host;
}
