using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Cli.Commands;

/// <summary>
/// The prompts of the needle-in-a-haystack check: a haystack of real text (the samples, repeated to length), one
/// sentence holding a random number planted at a given depth, and a question whose answer is that number.
/// Token layout: [BOS] haystack[..at] needle haystack[at..] question. Built from separately encoded pieces, so the
/// needle's tokens are the same at every depth.
/// </summary>
sealed class NeedlePrompt
{
    public const string Question = "\n\nWhat is the secret code of the blue vault? Answer: the secret code of the blue vault is";

    readonly int[] _haystack;
    readonly int[] _question;
    readonly int? _bos;

    public NeedlePrompt(ITokenizer tokenizer, string haystackText, int seed)
    {
        Code = new Random(seed).Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Needle = tokenizer.Encode($" The secret code of the blue vault is {Code}. ");
        _haystack = tokenizer.Encode(haystackText);
        if (_haystack.Length == 0) throw new ArgumentException("eval needle: the haystack text encodes to no tokens");
        _question = tokenizer.Encode(Question);
        _bos = tokenizer.AddBos ? tokenizer.BosId : null;
    }

    /// <summary>The number the model must answer.</summary>
    public string Code { get; }
    public int[] Needle { get; }

    /// <summary>The prompt of <paramref name="length"/> tokens with the needle <paramref name="depth"/> percent into the haystack.</summary>
    public int[] Build(int length, int depth)
    {
        int fixedTokens = (_bos is null ? 0 : 1) + Needle.Length + _question.Length;
        int hay = length - fixedTokens;
        if (hay < 16) throw new ArgumentException($"eval needle: a context of {length} tokens leaves no room for a haystack (needle and question take {fixedTokens})");
        int at = (int)((long)hay * depth / 100);
        var prompt = new List<int>(length);
        if (_bos is { } bos) prompt.Add(bos);
        for (int i = 0; i < at; i++) prompt.Add(_haystack[i % _haystack.Length]);
        prompt.AddRange(Needle);
        for (int i = at; i < hay; i++) prompt.Add(_haystack[i % _haystack.Length]);
        prompt.AddRange(_question);
        return [.. prompt];
    }

    /// <summary>The haystack text: every Markdown and text sample, in name order.</summary>
    public static string LoadHaystack(IReadOnlyList<string> files)
    {
        if (files.Count == 0) throw new ArgumentException("eval needle: no haystack text found: pass --haystack FILE (Markdown or text), or run where samples/ is");
        return string.Join("\n\n", files.Select(File.ReadAllText));
    }

    /// <summary>samples/*.md and *.txt next to the executable or under the current directory.</summary>
    public static IReadOnlyList<string> DefaultHaystackFiles()
    {
        foreach (var dir in new[] { Path.Combine(AppContext.BaseDirectory, "samples"), Path.Combine(Environment.CurrentDirectory, "samples") })
            if (Directory.Exists(dir))
                return [.. Directory.EnumerateFiles(dir).Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];
        return [];
    }
}
