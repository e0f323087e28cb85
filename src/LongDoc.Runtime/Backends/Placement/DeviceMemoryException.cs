namespace LongDoc.Runtime.Backends.Placement;

/// <summary>The model cannot run on the device even with placement: the message names the bytes needed and free, and the
/// options that would help (<c>--gpu-layers</c>, <c>--experts cpu</c>, <c>--ctx</c>, <c>--device cpu</c>).</summary>
public sealed class DeviceMemoryException(string message) : Exception(message);
