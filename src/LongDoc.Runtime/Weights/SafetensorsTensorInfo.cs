namespace LongDoc.Runtime.Weights;

/// <summary>
/// One tensor of a safetensors file. <see cref="Shape"/> is numpy/PyTorch order (outermost first: a linear layer is
/// [out, in]); <see cref="Offset"/> is absolute in the file.
/// </summary>
public sealed record SafetensorsTensorInfo(string Name, string Dtype, GgmlType Type, long[] Shape, long Offset, long ByteCount);
