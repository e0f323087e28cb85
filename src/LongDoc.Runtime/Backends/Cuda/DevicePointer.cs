namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>A device address (CUdeviceptr). Plain value: ownership stays with the <see cref="DeviceBuffer{T}"/> it came from.</summary>
public readonly record struct DevicePointer(ulong Address)
{
    public static readonly DevicePointer Null = new(0);
    public DevicePointer Offset(long bytes) => new(Address + (ulong)bytes);
    public override string ToString() => $"0x{Address:x}";
}

/// <summary>A launch dimension; the kernel sees it as gridDim / blockDim.</summary>
public readonly record struct Dim3(uint X, uint Y = 1, uint Z = 1)
{
    public static implicit operator Dim3(int x) => new(checked((uint)x));
    public static Dim3 Of(int x, int y = 1, int z = 1) => new(checked((uint)x), checked((uint)y), checked((uint)z));
    public long Count => (long)X * Y * Z;

    /// <summary>Blocks needed to cover <paramref name="n"/> items with <paramref name="perBlock"/> each.</summary>
    public static int Blocks(long n, int perBlock) => checked((int)((n + perBlock - 1) / perBlock));
}
