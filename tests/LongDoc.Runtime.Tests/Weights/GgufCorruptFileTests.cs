using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Weights;

/// <summary>One hand-made corrupt GGUF per class of README "Security" (hostile documents, GGUF); each must be refused naming the file and the field.</summary>
public sealed class GgufCorruptFileTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    WeightFormatException Refused(GgufBytes bytes, string field)
    {
        string path = _dir.Write("bad.gguf", bytes.ToArray());
        var e = Assert.Throws<WeightFormatException>(() => GgufFile.Open(path).Dispose());
        Assert.Equal(path, e.File);
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"{path}: {field}: ", e.Message);
        return e;
    }

    // One valid F32 tensor "w" of 8 values after the given metadata.
    static GgufBytes OneTensor(GgufBytes b, GgmlType type = GgmlType.F32, long[]? dims = null, ulong offset = 0) =>
        b.Tensor("w", type, dims ?? [8], offset).Pad().Zeros(32);

    [Fact]
    public void GgufFile_ValidHandMadeFile_Opens()
    {
        string path = _dir.Write("ok.gguf", OneTensor(GgufBytes.Header(1, 1).KvString("general.name", "x")).ToArray());
        using var f = GgufFile.Open(path);
        Assert.Equal("x", f.GetString("general.name"));
        Assert.Equal(32, f.Tensors[0].ByteCount);
    }

    [Fact]
    public void GgufFile_BadMagic_ThrowsNamingMagic() =>
        Assert.Contains("not a GGUF file", Refused(GgufBytes.Header(0, 0, magic: "GGML"), "header.magic").Message);

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    public void GgufFile_UnsupportedVersion_ThrowsNamingVersion(uint version) =>
        Assert.Contains($"version {version}", Refused(GgufBytes.Header(0, 0, version), "header.version").Message);

    [Fact]
    public void GgufFile_TruncatedHeader_ThrowsNamingTheFieldBeingRead()
    {
        // The tensor info stops half-way through ne[0].
        var b = GgufBytes.Header(1, 1).KvString("general.name", new string('x', 40)).Str("w").U32(1).U32(8);
        Assert.Contains("truncated", Refused(b, "w.ne[0]").Message);
    }

    [Fact]
    public void GgufFile_StringLengthBeyondFile_ThrowsNamingTheKey()
    {
        var b = GgufBytes.Header(0, 1).Str("general.name").U32((uint)GgufValueType.String).U64(1UL << 40).Zeros(16);
        Assert.Contains("exceeds", Refused(b, "general.name").Message);
    }

    [Fact]
    public void GgufFile_HugeArrayCount_ThrowsBeforeAllocating()
    {
        var b = GgufBytes.Header(0, 1).Str("tokenizer.ggml.tokens").U32((uint)GgufValueType.Array)
            .U32((uint)GgufValueType.String).U64(1UL << 60).Zeros(64);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused(b, "tokenizer.ggml.tokens");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "allocated over 1 MiB before refusing");
        Assert.Contains("cannot fit", e.Message);
    }

    [Fact]
    public void GgufFile_DuplicateKey_ThrowsNamingTheKey() =>
        Assert.Contains("duplicate key", Refused(GgufBytes.Header(0, 2).KvString("general.name", "a").KvString("general.name", "b"), "general.name").Message);

    [Fact]
    public void GgufFile_DuplicateTensorName_ThrowsNamingTheTensor()
    {
        var b = GgufBytes.Header(2, 0).Tensor("w", GgmlType.F32, [8], 0).Tensor("w", GgmlType.F32, [8], 32).Pad().Zeros(64);
        Assert.Contains("duplicate tensor name", Refused(b, "w").Message);
    }

    [Fact]
    public void GgufFile_FiveDims_ThrowsNamingTheTensor() =>
        Assert.Contains("n_dims is 5", Refused(OneTensor(GgufBytes.Header(1, 0), dims: [8, 1, 1, 1, 1]), "w").Message);

    [Fact]
    public void GgufFile_ElementCountOverflow_ThrowsNamingTheTensor() =>
        Assert.Contains("overflows", Refused(OneTensor(GgufBytes.Header(1, 0), dims: [1L << 32, 1L << 32]), "w").Message);

    [Fact]
    public void GgufFile_UnknownType_ThrowsNamingTheTensor() =>
        Assert.Contains("unknown or unsupported tensor type 99", Refused(OneTensor(GgufBytes.Header(1, 0), type: (GgmlType)99), "w").Message);

    [Fact]
    public void GgufFile_TQ1_0Tensor_StaysAnErrorNamingTheTensorAndTypeNumber() =>
        // ggml type 34 (TQ1_0, ternary) is not read; the I-quants 16-19, 21, 22 and 29 around it are.
        Assert.Contains("unknown or unsupported tensor type 34", Refused(OneTensor(GgufBytes.Header(1, 0), type: (GgmlType)34), "w").Message);

    [Fact]
    public void GgufFile_Ne0NotMultipleOfBlock_ThrowsNamingTheTensor() =>
        Assert.Contains("not a multiple of the Q8_0 block size 32", Refused(OneTensor(GgufBytes.Header(1, 0), GgmlType.Q8_0, [31]), "w").Message);

    [Fact]
    public void GgufFile_MisalignedOffset_ThrowsNamingTheTensor()
    {
        // "a" is 8 floats (32 bytes); "b" claims offset 16, inside "a", instead of the running sum 32.
        var b = GgufBytes.Header(2, 0).Tensor("a", GgmlType.F32, [8], 0).Tensor("b", GgmlType.F32, [8], 16).Pad().Zeros(64);
        Assert.Contains("not the expected 32", Refused(b, "b").Message);
    }

    [Fact]
    public void GgufFile_DataBeyondFileEnd_ThrowsNamingTheTensor()
    {
        var b = GgufBytes.Header(1, 0).Tensor("w", GgmlType.F32, [1024], 0).Pad().Zeros(32);
        Assert.Contains("beyond the end of the file", Refused(b, "w").Message);
    }

    [Fact]
    public void GgufFile_TokensAsIntArray_ThrowsNamingTheKey() =>
        Assert.Contains("expected array of String", Refused(GgufBytes.Header(0, 1).KvInts("tokenizer.ggml.tokens", 1, 2, 3), "tokenizer.ggml.tokens").Message);

    [Fact]
    public void GgufFile_AlignmentNotPowerOfTwo_ThrowsNamingTheKey() =>
        Assert.Contains("power of two", Refused(OneTensor(GgufBytes.Header(1, 1).KvU32("general.alignment", 24)), "general.alignment").Message);

    [Fact]
    public void GgufFile_NestedArray_ThrowsNamingTheKey()
    {
        var b = GgufBytes.Header(0, 1).Str("general.tags").U32((uint)GgufValueType.Array).U32((uint)GgufValueType.Array).U64(1).Zeros(16);
        Assert.Contains("nested arrays", Refused(b, "general.tags").Message);
    }

    [Fact]
    public void GgufFile_EmptyFile_ThrowsNamingMagic() =>
        Assert.Contains("truncated", Refused(new GgufBytes(), "header.magic").Message);

    [Fact]
    public void GgufFile_WrongTypeThroughGetter_ThrowsNamingTheKey()
    {
        string path = _dir.Write("ok.gguf", GgufBytes.Header(0, 1).KvString("qwen3.block_count", "two").ToArray());
        using var f = GgufFile.Open(path);
        var e = Assert.Throws<WeightFormatException>(() => f.GetUInt32("qwen3.block_count"));
        Assert.Equal("qwen3.block_count", e.Field);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void GgufFile_Version2_Opens()
    {
        string path = _dir.Write("v2.gguf", OneTensor(GgufBytes.Header(1, 1, version: 2).KvString("general.name", "x")).ToArray());
        using var f = GgufFile.Open(path);
        Assert.Equal(2u, f.Version);
    }

    [Fact]
    public void GgufFile_BigEndian_ThrowsNamingVersion() =>
        Assert.Contains("big-endian", Refused(GgufBytes.Header(0, 0, version: 0x03000000), "header.version").Message);

    [Fact]
    public void GgufFile_TensorNameOver63Bytes_ThrowsNamingTheField()
    {
        var b = GgufBytes.Header(1, 0).Tensor(new string('n', 64), GgmlType.F32, [8], 0).Pad().Zeros(32);
        Assert.Contains("limit of 63 bytes", Refused(b, "tensors[0].name").Message);
    }

    [Fact]
    public void GgufFile_ArrayOverTheCapInABigFile_ThrowsBeforeAllocating()
    {
        // The count fits in the bytes left (17 MiB of u8) but exceeds the 16 Mi element cap.
        ulong count = GgufValueReader.MaxArrayElements + 1UL;
        var b = GgufBytes.Header(0, 1).Str("general.blob").U32((uint)GgufValueType.Array).U32((uint)GgufValueType.UInt8)
            .U64(count).Zeros((int)count);
        string path = _dir.Write("big.gguf", b.ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WeightFormatException>(() => GgufFile.Open(path).Dispose());
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "allocated over 1 MiB before refusing");
        Assert.Equal("general.blob", e.Field);
        Assert.Contains("exceeds the limit", e.Message);
    }
}
