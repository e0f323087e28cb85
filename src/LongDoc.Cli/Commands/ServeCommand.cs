using System.CommandLine;
using LongDoc.Service.Hosting;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc serve [--urls URL] [--state DIR] [--keys FILE] [--model PATH] [--device D] [--gpu-layers N] [--experts gpu|cpu]
/// [--retrieval hybrid|lexical]`: the HTTP API on Kestrel (loopback by default) with its job workers. Any other setting as `--Section:Key=value` (see samples/appsettings.example.json).
/// </summary>
static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default http://127.0.0.1:8080; beyond loopback, here or in Kestrel:Endpoints, needs --keys)" };
        var state = new Option<DirectoryInfo?>("--state") { Description = "Folder for the job database, uploads and results (default ~/.local/state/longdoc)" };
        var keys = new Option<FileInfo?>("--keys") { Description = "API key file, one 'KEY [TENANT] [admin]' per line, keys of 16+ characters (Authorization: Bearer KEY)" };
        var model = new Option<string?>("--model", "-m") { Description = "GGUF file or safetensors folder (Model:Path), or an engine's OpenAI-compatible endpoint http://gpu1:8000/v1#model (Model:Endpoint), for summaries, /ask and /v1/chat/completions" };
        // No defaults here: unset, Model:Device, Model:GpuLayers and Model:Experts come from the configuration (auto, auto, gpu).
        var device = new Option<string?>("--device") { Description = "Where the model runs (Model:Device): auto (CUDA where its quick self-test passed, else the CPU), cpu, cuda or cuda-sim" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda", "cuda-sim");
        var gpuLayers = new Option<string?>("--gpu-layers", "-ngl") { Description = "CUDA (Model:GpuLayers): auto (as many as fit), all, or the first N layers on the device" };
        var experts = new Option<string?>("--experts") { Description = "CUDA, MoE models (Model:Experts): gpu, or cpu (routed experts in host RAM, run by the CPU)" };
        experts.AcceptOnlyFromAmong("gpu", "cpu");
        var retrieval = new Option<string>("--retrieval") { Description = "/ask without a model: hybrid (BM25 + embedding model) or lexical (BM25 only)", DefaultValueFactory = _ => "hybrid" };
        retrieval.AcceptOnlyFromAmong("hybrid", "lexical");
        var command = new Command("serve", "Serve the HTTP API: upload, status, summaries, questions, OpenAI-compatible chat") { urls, state, keys, model, device, gpuLayers, experts, retrieval };
        var ocr = new OcrFlags();
        ocr.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((r, ct) =>
        {
            var defaultState = Path.Combine(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } x ? x
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "longdoc");
            var overrides = new Dictionary<string, string?>
            {
                ["Extraction:Ocr"] = r.GetValue(ocr.Mode)?.ToString(),
                ["Extraction:OcrLanguages"] = r.GetValue(ocr.Languages),
                ["Http:Urls"] = r.GetValue(urls),
                ["Jobs:StateFolder"] = r.GetValue(state)?.FullName,
                ["Http:KeyFile"] = r.GetValue(keys)?.FullName,
                ["Model:Path"] = Tasks.Models.Remote.RemoteEndpoint.IsEndpoint(r.GetValue(model)) ? null : r.GetValue(model),
                ["Model:Endpoint"] = Tasks.Models.Remote.RemoteEndpoint.IsEndpoint(r.GetValue(model)) ? r.GetValue(model) : null,
                ["Model:Device"] = r.GetValue(device),
                ["Model:GpuLayers"] = r.GetValue(gpuLayers),
                ["Model:Experts"] = r.GetValue(experts),
            };
            var defaults = new Dictionary<string, string?> { ["Jobs:StateFolder"] = defaultState };
            var embedder = r.GetValue(retrieval) == "hybrid" ? Embedders.Create() : null;
            return HostRunner.RunAsync(() => LongDocHost.BuildServe([.. r.UnmatchedTokens], overrides, defaults, embedder), ct);
        });
        return command;
    }
}
