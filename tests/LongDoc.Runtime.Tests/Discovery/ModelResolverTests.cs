using LongDoc.Runtime.Discovery;
using LongDoc.Testing.ModelStores;

namespace LongDoc.Runtime.Tests.Discovery;

public sealed class ModelResolverTests(FakeModelStores stores) : IClassFixture<FakeModelStores>
{
    string AppSettings(string name, string json)
    {
        string path = Path.Combine(stores.Root, "config", name, "appsettings.json");
        FakeModelStores.Write(path, json);
        return path;
    }

    [Fact]
    public void Resolve_FlagEnvAndAppSettings_FlagWins()
    {
        string app = AppSettings("a", """{ "LongDoc": { "Model": "acme/tiny-moe" } }""");
        var r = ModelResolver.Resolve(stores.TinyBlob, stores.Paths(env: stores.HfFolder, app))!;
        Assert.Equal(("--model", stores.TinyBlob), (r.Origin, r.Path));
    }

    [Fact]
    public void Resolve_EnvAndAppSettings_EnvWins()
    {
        string app = AppSettings("b", """{ "LongDoc": { "Model": "acme/tiny-moe" } }""");
        var r = ModelResolver.Resolve(null, stores.Paths(env: stores.TinyBlob, app))!;
        Assert.Equal(("LONGDOC_MODEL", stores.TinyBlob), (r.Origin, r.Path));
    }

    [Fact]
    public void Resolve_AppSettingsWithCatalogName_ThatModel()
    {
        string app = AppSettings("c", """{ "Logging": {}, "LongDoc": { "Model": "acme/tiny-moe" } }""");
        var r = ModelResolver.Resolve(null, stores.Paths(null, Path.Combine(stores.Root, "absent.json"), app))!;
        Assert.Equal(stores.HfFolder, r.Path);
        Assert.StartsWith($"appsettings ({app})", r.Origin);
    }

    [Fact]
    public void Resolve_AppSettingsRelativePath_RelativeToTheFile()
    {
        string app = AppSettings("d", """{ "LongDoc": { "Model": "../../ollama/blobs/BLOB" } }""".Replace("BLOB", Path.GetFileName(stores.TinyBlob)));
        Assert.Equal(stores.TinyBlob, ModelResolver.Resolve(null, stores.Paths(null, app))!.Path);
    }

    [Fact]
    public void Resolve_OllamaNameWithoutTag_TheLatestTag()
    {
        var r = ModelResolver.Resolve("tiny", stores.Paths())!;
        Assert.Equal((stores.TinyBlob, "tiny:latest", "--model -> ollama"), (r.Path, r.Name, r.Origin));
    }

    [Fact]
    public void Resolve_NothingConfigured_SmallestUsableCatalogModel()
    {
        var r = ModelResolver.Resolve(null, stores.Paths())!;
        Assert.Equal(("tiny:latest", CatalogEntry.Ollama), (r.Name, r.Origin)); // Q8_0 is smaller than F16 and F32
    }

    [Fact]
    public void Resolve_UnknownName_ThrowsNamingTheValueAndTheStores()
    {
        var e = Assert.Throws<ModelDiscoveryException>(() => ModelResolver.Resolve("nosuch:7b", stores.Paths()));
        Assert.Contains("--model nosuch:7b", e.Message);
        Assert.Contains(stores.Ollama, e.Message);
        Assert.Contains(stores.Hub, e.Message);
    }

    [Fact]
    public void Resolve_BrokenAppSettings_ThrowsNamingTheFile()
    {
        string app = AppSettings("e", "{ \"LongDoc\": ");
        var e = Assert.Throws<ModelDiscoveryException>(() => ModelResolver.Resolve(null, stores.Paths(null, app)));
        Assert.StartsWith(app, e.Message);
    }

    [Fact]
    public void Resolve_NoModelAnywhere_Null()
    {
        var nowhere = Path.Combine(stores.Root, "nowhere");
        Assert.Null(ModelResolver.Resolve(null, new ModelSearchPaths { OllamaModels = nowhere, HuggingFaceHub = nowhere }));
    }
}
