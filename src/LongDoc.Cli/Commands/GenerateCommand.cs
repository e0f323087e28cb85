using System.CommandLine;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc generate --model PATH --prompt TEXT [--chat] [sampling flags]`: streams the continuation (or, with
/// --chat, the assistant's reply) to stdout; statistics go to stderr.
/// </summary>
static class GenerateCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var sampling = new SamplingFlags();
        var prompt = new Option<string>("--prompt", "-p") { Description = "Prompt text", Required = true };
        var chat = new Option<bool>("--chat") { Description = "Wrap the prompt as a user turn in the model's chat template" };
        var system = new Option<string?>("--system") { Description = "System message (with --chat)" };
        var template = new Option<string?>("--chat-template") { Description = "Chat template family when the model's own is missing or not recognised: chatml, deepseek, deepseek2, llama3, mistral" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No statistics on stderr" };
        var command = new Command("generate", "Generate text from a prompt, streaming") { prompt, chat, system, template, quiet };
        model.AddTo(command);
        model.AddExplainTo(command);
        sampling.AddTo(command);
        command.SetAction((r, ct) => ModelErrors.Guard(() => Run(r.GetValue(model.Model)!, model.Runtime(r), sampling.Read(r),
            r.GetValue(prompt)!, r.GetValue(chat), r.GetValue(system), r.GetValue(template), r.GetValue(quiet), ct)));
        return command;
    }

    static async Task<int> Run(string path, RuntimeOptions runtime, SamplingOptions sampling, string prompt, bool chat,
        string? system, string? templateFlag, bool quiet, CancellationToken ct)
    {
        sampling.Validate();
        using var loaded = ModelLoader.Load(path, runtime);
        var tokenizer = ModelTokenizers.Tokenizer(loaded.Files);
        int[] tokens;
        if (chat || templateFlag != null)
        {
            var template = ModelTokenizers.ChatTemplate(loaded.Files, templateFlag);
            var messages = new List<ChatMessage>();
            if (system != null) messages.Add(new ChatMessage("system", system));
            messages.Add(new ChatMessage("user", prompt));
            // The rendered text carries its own BOS and special tokens.
            tokens = tokenizer.Encode(template.RenderPrompt(messages, addGenerationPrompt: true));
        }
        else
        {
            tokens = tokenizer.Encode(prompt, addBos: tokenizer.AddBos, parseSpecial: false);
        }

        var generator = new TextGenerator(loaded.Model, tokenizer);
        generator.EnsureFits(tokens.Length, sampling);
        var stdout = Console.Out;
        await foreach (var chunk in generator.GenerateAsync(tokens, sampling, ct))
        {
            if (chunk.Text.Length > 0) { stdout.Write(chunk.Text); stdout.Flush(); }
            if (chunk.IsFinal && chunk.Stats is { } s && !quiet)
            {
                stdout.WriteLine();
                Console.Error.WriteLine(
                    $"longdoc: {s.PromptTokens} prompt tokens ({s.PrefillTokensPerSecond:F1} tok/s), {s.GeneratedTokens} generated " +
                    $"({s.DecodeTokensPerSecond:F1} tok/s), finished: {chunk.FinishReason}");
            }
        }
        AttentionExplain.Print(loaded);
        return ExitCodes.Ok;
    }
}
