using LongDoc.Runtime.Discovery;
using LongDoc.Runtime.Models;
using LongDoc.Testing.ModelStores;

namespace LongDoc.Runtime.Tests.Discovery;

public sealed class ModelCatalogTests(FakeModelStores stores) : IClassFixture<FakeModelStores>
{
    IReadOnlyList<CatalogEntry> Scan() => ModelCatalog.Scan(stores.Paths());

    [Fact]
    public void Scan_FakeStores_ListsEveryModelInOrder()
    {
        Assert.Equal(["broken:1b", "oldgpt:latest", "tiny:latest", "acme/tiny-gguf/tiny-f16.gguf", "acme/tiny-moe"], Scan().Select(e => e.Name));
    }

    [Fact]
    public void Scan_OllamaGguf_ArchitectureSizeParametersAndQuantizationFromTheHeader()
    {
        var tiny = Scan().Single(e => e.Name == "tiny:latest");
        using var files = ModelFiles.Open(stores.TinyBlob);

        Assert.Equal((CatalogEntry.Ollama, stores.TinyBlob, "qwen3moe", true, "Q8_0"), (tiny.Source, tiny.Path, tiny.Architecture, tiny.Supported, tiny.Quantization));
        Assert.Equal(new FileInfo(stores.TinyBlob).Length, tiny.SizeBytes);
        Assert.Equal(ModelSize.Of(files.Config, files.Weights).TotalParameters, tiny.Parameters);
        Assert.True(tiny.Usable);
    }

    [Fact]
    public void Scan_HuggingFaceFolderOfLinks_SizesTheBlobsAndCountsTheSameParameters()
    {
        var entries = Scan();
        var folder = entries.Single(e => e.Name == "acme/tiny-moe");
        var gguf = entries.Single(e => e.Name == "acme/tiny-gguf/tiny-f16.gguf");

        Assert.Equal((CatalogEntry.HuggingFace, stores.HfFolder, "qwen3moe", "F32"), (folder.Source, folder.Path, folder.Architecture, folder.Quantization));
        long blobs = Directory.GetFiles(Path.Combine(stores.Hub, "models--acme--tiny-moe", "blobs"), "*").Where(f => !f.EndsWith("config.json"))
            .Sum(f => new FileInfo(f).Length);
        Assert.True(folder.SizeBytes > 10_000, $"size {folder.SizeBytes} looks like the links' size, not the blobs'");
        Assert.True(folder.SizeBytes <= blobs);
        Assert.Equal(gguf.Parameters, folder.Parameters);
        Assert.Equal("F16", gguf.Quantization);
    }

    [Fact]
    public void Open_HuggingFaceSnapshotOfLinks_MapsTheBlobsBehindTheLinks()
    {
        using var files = ModelFiles.Open(stores.HfFolder);
        Assert.Equal("qwen3moe", files.Config.Architecture);
        Assert.True(files.FileBytes > 10_000);
    }

    [Fact]
    public void Scan_UnsupportedArchitecture_ListedAsUnsupportedAndLoadingNamesItAndTheSupportedList()
    {
        var old = Scan().Single(e => e.Name == "oldgpt:latest");

        Assert.Equal(("gpt2", false, null), (old.Architecture, old.Supported, old.Error));
        var e = Assert.ThrowsAny<Exception>(() => ModelLoader.Load(old.Path));
        Assert.Contains("\"gpt2\"", e.Message);
        Assert.Contains("(supported: qwen3moe", e.Message);
    }

    [Fact]
    public void Scan_CorruptManifest_ReportedWithItsPathAndTheRestStillListed()
    {
        var entries = Scan();
        var broken = entries.Single(e => e.Name == "broken:1b");

        Assert.StartsWith(broken.Path + ": invalid JSON", broken.Error);
        Assert.Contains(Path.Combine("library", "broken", "1b"), broken.Path);
        Assert.False(broken.Usable);
        Assert.Equal(2, entries.Count(e => e.Usable && e.Source == CatalogEntry.HuggingFace));
    }

    [Fact]
    public void Scan_MissingStores_Empty()
    {
        var nowhere = Path.Combine(stores.Root, "nowhere");
        Assert.Empty(ModelCatalog.Scan(new ModelSearchPaths { OllamaModels = nowhere, HuggingFaceHub = nowhere }));
    }
}
