using System.CommandLine;
using LongDoc.Runtime.Generation;

namespace LongDoc.Cli.Commands;

/// <summary>Sampling flags with llama.cpp's names and defaults (SamplingOptions holds the defaults).</summary>
sealed class SamplingFlags
{
    static readonly SamplingOptions Defaults = new();

    public readonly Option<float> Temperature = new("--temp") { Description = "Temperature; 0 = greedy", DefaultValueFactory = _ => Defaults.Temperature };
    public readonly Option<int> TopK = new("--top-k") { Description = "Keep the K most likely tokens (0 = off)", DefaultValueFactory = _ => Defaults.TopK };
    public readonly Option<float> TopP = new("--top-p") { Description = "Nucleus sampling threshold (1 = off)", DefaultValueFactory = _ => Defaults.TopP };
    public readonly Option<float> MinP = new("--min-p") { Description = "Drop tokens below this share of the top token's probability (0 = off)", DefaultValueFactory = _ => Defaults.MinP };
    public readonly Option<float> RepeatPenalty = new("--repeat-penalty") { Description = "Penalty for recent tokens (1 = off)", DefaultValueFactory = _ => Defaults.RepetitionPenalty };
    public readonly Option<int> RepeatLastN = new("--repeat-last-n") { Description = "Tokens the penalty looks back over", DefaultValueFactory = _ => Defaults.RepetitionWindow };
    public readonly Option<int?> Seed = new("--seed", "-s") { Description = "Random seed (default: random)" };
    public readonly Option<int> MaxTokens = new("--max-tokens", "-n") { Description = "Most tokens to generate", DefaultValueFactory = _ => Defaults.MaxTokens };
    public readonly Option<string[]> Stop = new("--stop") { Description = "Stop string (repeatable); never printed", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Temperature, TopK, TopP, MinP, RepeatPenalty, RepeatLastN, Seed, MaxTokens, Stop })
            command.Options.Add(option);
    }

    public SamplingOptions Read(ParseResult r) => new()
    {
        Temperature = r.GetValue(Temperature),
        TopK = r.GetValue(TopK),
        TopP = r.GetValue(TopP),
        MinP = r.GetValue(MinP),
        RepetitionPenalty = r.GetValue(RepeatPenalty),
        RepetitionWindow = r.GetValue(RepeatLastN),
        Seed = r.GetValue(Seed),
        MaxTokens = r.GetValue(MaxTokens),
        StopStrings = r.GetValue(Stop) ?? [],
    };
}
