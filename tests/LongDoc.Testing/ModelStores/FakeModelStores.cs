using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LongDoc.Runtime.Discovery;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Testing.ModelStores;

/// <summary>
/// An Ollama store and a Hugging Face hub cache in a temp folder, laid out as the real tools lay them out:
///   ollama: tiny:latest (Q8_0 qwen3moe), oldgpt:latest (architecture gpt2), broken:1b (manifest is not JSON)
///   hf:     acme/tiny-moe (config.json + safetensors as links into blobs/, refs/main), acme/tiny-gguf/tiny-f16.gguf
/// </summary>
public sealed class FakeModelStores : IDisposable
{
    public static readonly RandomModelSpec Moe = new() { Architecture = "qwen3moe", Context = 128, Seed = 3 };

    public FakeModelStores()
    {
        string blobs = Path.Combine(Ollama, "blobs");
        Directory.CreateDirectory(blobs);
        string temp = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(temp);

        RandomModelWriter.WriteGguf(Moe with { WeightType = GgmlType.Q8_0 }, Path.Combine(temp, "tiny.gguf"));
        TinyBlob = AddOllamaModel("tiny", "latest", Path.Combine(temp, "tiny.gguf"));
        var gpt2 = new GgufWriter().Add("general.architecture", "gpt2")
            .AddTensor("token_embd.weight", GgmlType.F32, [8, 4], new byte[8 * 4 * 4]);
        gpt2.Write(Path.Combine(temp, "gpt2.gguf"));
        AddOllamaModel("oldgpt", "latest", Path.Combine(temp, "gpt2.gguf"));
        Write(Path.Combine(Ollama, "manifests", "registry.ollama.ai", "library", "broken", "1b"), "{ not json");

        string repo = Path.Combine(Hub, "models--acme--tiny-moe");
        RandomModelWriter.WriteSafetensors(Moe, Path.Combine(temp, "hf"));
        string snapshot = Path.Combine(repo, "snapshots", "abc123");
        Directory.CreateDirectory(snapshot);
        foreach (var file in Directory.GetFiles(Path.Combine(temp, "hf")))
        {
            string blob = Path.Combine(repo, "blobs", Hash(file));
            Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
            File.Move(file, blob);
            File.CreateSymbolicLink(Path.Combine(snapshot, Path.GetFileName(file)), Path.Combine("..", "..", "blobs", Path.GetFileName(blob)));
        }
        Write(Path.Combine(repo, "refs", "main"), "abc123");
        HfFolder = snapshot;
        string ggufRepo = Path.Combine(Hub, "models--acme--tiny-gguf", "snapshots", "r1");
        Directory.CreateDirectory(ggufRepo);
        RandomModelWriter.WriteGguf(Moe with { WeightType = GgmlType.F16 }, Path.Combine(ggufRepo, "tiny-f16.gguf"));
        Directory.Delete(temp, recursive: true);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"longdoc-stores-{Guid.NewGuid():N}");
    public string Ollama => Path.Combine(Root, "ollama");
    public string Hub => Path.Combine(Root, "hf", "hub");
    public string TinyBlob { get; }
    public string HfFolder { get; }

    public ModelSearchPaths Paths(string? env = null, params string[] appSettings) =>
        new() { OllamaModels = Ollama, HuggingFaceHub = Hub, ModelFromEnvironment = env, AppSettingsFiles = appSettings };

    // Moves the GGUF into blobs/sha256-HEX and writes the manifest that points at it, as `ollama pull` does.
    string AddOllamaModel(string name, string tag, string gguf)
    {
        string hex = Hash(gguf);
        string blob = Path.Combine(Ollama, "blobs", "sha256-" + hex);
        File.Move(gguf, blob);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.docker.distribution.manifest.v2+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.docker.container.image.v1+json", ["digest"] = "sha256:" + new string('0', 64) },
            ["layers"] = new JsonArray(
                new JsonObject { ["mediaType"] = "application/vnd.ollama.image.template", ["digest"] = "sha256:" + new string('1', 64), ["size"] = 10 },
                new JsonObject { ["mediaType"] = OllamaStore.ModelMediaType, ["digest"] = "sha256:" + hex, ["size"] = new FileInfo(blob).Length }),
        };
        Write(Path.Combine(Ollama, "manifests", "registry.ollama.ai", "library", name, tag), manifest.ToJsonString());
        return blob;
    }

    static string Hash(string file)
    {
        using var s = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
