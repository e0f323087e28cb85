using System.Text;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Weights;

/// <summary>One hand-made corrupt safetensors file per class of README "Security" (hostile documents, safetensors); each is refused naming the file and the field.</summary>
public sealed class SafetensorsCorruptFileTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    // u64 header length (the real one unless overridden), the header text, then dataBytes zero bytes.
    string Write(string header, int dataBytes, ulong? headerLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = BitConverter.GetBytes(headerLength ?? (ulong)json.Length).Concat(json).Concat(new byte[dataBytes]).ToArray();
        return _dir.Write("model.safetensors", bytes);
    }

    WeightFormatException Refused(string path, string field)
    {
        var e = Assert.Throws<WeightFormatException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Equal(path, e.File);
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"{path}: {field}: ", e.Message);
        return e;
    }

    static string Tensor(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{shape}],\"data_offsets\":[{begin},{end}]}}";

    [Fact]
    public void SafetensorsFile_ValidHandMadeFile_Opens()
    {
        string path = Write("{\"__metadata__\":{\"format\":\"pt\"}," + Tensor("a", "F32", "2", 0, 8) + "," + Tensor("b", "BF16", "2,2", 8, 16) + "}   ", 16);
        using var f = SafetensorsFile.Open(path);
        Assert.Equal(["a", "b"], f.Tensors.Select(t => t.Name));
        Assert.Equal("pt", f.Metadata["format"]);
        Assert.Equal(GgmlType.BF16, f.Tensors[1].Type);
    }

    [Fact]
    public void SafetensorsFile_HeaderLengthOver100MB_ThrowsNamingHeaderLength() =>
        Assert.Contains("exceeds the limit", Refused(Write("{}", 0, headerLength: 100_000_001), "header.length").Message);

    [Fact]
    public void SafetensorsFile_HeaderBeyondFile_ThrowsNamingHeaderLength() =>
        Assert.Contains("beyond the end of the file", Refused(Write("{}", 0, headerLength: 1000), "header.length").Message);

    [Fact]
    public void SafetensorsFile_InvalidJson_ThrowsNamingHeader() =>
        Assert.Contains("invalid JSON", Refused(Write("{\"a\": {\"dtype\": ", 0), "header").Message);

    [Fact]
    public void SafetensorsFile_TrailingComma_ThrowsNamingHeader() =>
        Assert.Contains("invalid JSON", Refused(Write("{" + Tensor("a", "F32", "1", 0, 4) + ",}", 4), "header").Message);

    [Fact]
    public void SafetensorsFile_DuplicateKey_ThrowsNamingTheTensor() =>
        Assert.Contains("duplicate key", Refused(Write("{" + Tensor("a", "F32", "1", 0, 4) + "," + Tensor("a", "F32", "1", 4, 8) + "}", 8), "a").Message);

    [Fact]
    public void SafetensorsFile_DuplicateFieldInTensor_ThrowsNamingTheTensor() =>
        Assert.Contains("duplicate key \"dtype\"", Refused(Write("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "a").Message);

    [Fact]
    public void SafetensorsFile_UnknownDtype_ThrowsNamingTheTensor() =>
        Assert.Contains("unknown dtype \"F33\"", Refused(Write("{" + Tensor("a", "F33", "1", 0, 4) + "}", 4), "a").Message);

    [Fact]
    public void SafetensorsFile_UnsupportedDtype_ThrowsNamingTheTensorAndTheSupportedList() =>
        Assert.Contains("supported: F32, F16, BF16", Refused(Write("{" + Tensor("a", "I64", "1", 0, 8) + "}", 8), "a").Message);

    [Fact]
    public void SafetensorsFile_GapBetweenTensors_ThrowsNamingTheLaterTensor() =>
        Assert.Contains("gap", Refused(Write("{" + Tensor("a", "F32", "1", 0, 4) + "," + Tensor("b", "F32", "1", 8, 12) + "}", 12), "b").Message);

    [Fact]
    public void SafetensorsFile_OverlappingTensors_ThrowsNamingTheLaterTensor() =>
        Assert.Contains("overlap", Refused(Write("{" + Tensor("a", "F32", "2", 0, 8) + "," + Tensor("b", "F32", "2", 4, 12) + "}", 12), "b").Message);

    [Fact]
    public void SafetensorsFile_ShapeBytesMismatch_ThrowsNamingTheTensor() =>
        Assert.Contains("is 12 bytes but data_offsets span 8", Refused(Write("{" + Tensor("a", "F32", "3", 0, 8) + "}", 8), "a").Message);

    [Fact]
    public void SafetensorsFile_LastOffsetNotFileEnd_ThrowsNamingDataOffsets() =>
        Assert.Contains("data section is 8 bytes", Refused(Write("{" + Tensor("a", "F32", "1", 0, 4) + "}", 8), "data_offsets").Message);

    [Fact]
    public void SafetensorsFile_NegativeShape_ThrowsNamingTheShape() =>
        Assert.Contains("non-negative", Refused(Write("{" + Tensor("a", "F32", "-1", 0, 4) + "}", 4), "a.shape").Message);

    [Fact]
    public void SafetensorsFile_HeaderNotAnObject_ThrowsNamingHeader() =>
        Refused(Write("[1,2]", 0), "header");
}
