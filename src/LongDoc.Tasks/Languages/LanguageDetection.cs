using LongDoc.Documents;
using Lingua;
using LinguaLanguage = Lingua.Language;

namespace LongDoc.Tasks.Languages;

/// <summary>
/// The language of a document, by Lingua's n-gram models restricted to <see cref="Language.All"/> (only their
/// models are shipped; see the project file) on a sample of the text: <see cref="SampleSlices"/> slices of
/// <see cref="SliceLength"/> characters spread over the document. Text of fewer than <see cref="MinimumWords"/>
/// words, or that Lingua cannot place, is undetermined and read by English rules; so is every document when the
/// models of fewer than two languages are installed (one warning on stderr names the missing ones).
/// </summary>
public static class LanguageDetection
{
    public const int MinimumWords = 5;
    public const int SampleSlices = 4;
    public const int SliceLength = 1000;

    static readonly Dictionary<LinguaLanguage, Language> Supported = new()
    {
        [LinguaLanguage.English] = Language.English, [LinguaLanguage.German] = Language.German,
        [LinguaLanguage.French] = Language.French, [LinguaLanguage.Spanish] = Language.Spanish,
        [LinguaLanguage.Italian] = Language.Italian, [LinguaLanguage.Dutch] = Language.Dutch,
        [LinguaLanguage.Portuguese] = Language.Portuguese, [LinguaLanguage.Chinese] = Language.Chinese,
        [LinguaLanguage.Japanese] = Language.Japanese,
    };

    /// <summary>Where Lingua reads its models: beside the program, one folder per language (see the project file).</summary>
    internal static readonly string ModelsFolder = Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");
    // Models load lazily, per language, on first use; the low-accuracy mode reads trigrams only (Chinese and
    // Japanese ship unigrams only), which documents (hundreds of words) do not need more than.
    static readonly Lazy<Lingua.LanguageDetector?> Detector = new(() => BuildDetector(ModelsFolder, Console.Error));

    /// <summary>
    /// Lingua over the languages whose models (CODE/*.br) are in <paramref name="folder"/>, with one warning naming
    /// those whose models are not (Lingua would throw on them); null, and English rules for every document, when
    /// fewer than two are.
    /// </summary>
    internal static Lingua.LanguageDetector? BuildDetector(string folder, TextWriter warnings)
    {
        var present = Supported.Where(l => HasModels(Path.Combine(folder, l.Value.Code))).Select(l => l.Key).ToList();
        var missing = Supported.Where(l => !present.Contains(l.Key)).Select(l => l.Value.Code).ToList();
        if (missing.Count > 0)
            warnings.WriteLine($"longdoc: warning: language models missing in {folder} (no *.br for {string.Join(", ", missing)}): "
                + (present.Count < 2 ? "every document is read by English rules" : "documents in those languages are read by English rules")
                + "; reinstall longdoc to restore them");
        return present.Count < 2 ? null : LanguageDetectorBuilder.FromLanguages([.. present]).WithLowAccuracyMode().Build();
    }

    static bool HasModels(string folder) => Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.br").Any();

    /// <summary>The document's language: of its text, or of its title when it has no text.</summary>
    public static Detected Detect(Document document) => Detect(string.IsNullOrWhiteSpace(document.Text) ? document.Title : document.Text);

    public static Detected Detect(string text) => Detect(text, () => Detector.Value);

    internal static Detected Detect(string text, Func<Lingua.LanguageDetector?> detector)
    {
        var sample = Sample(text);
        if (Words(sample) < MinimumWords || detector() is not { } lingua) return new Detected(Language.English, false);
        var found = lingua.DetectLanguageOf(sample);
        return Supported.TryGetValue(found, out var language) ? new Detected(language, true) : new Detected(Language.English, false);
    }

    static string Sample(string text)
    {
        if (text.Length <= SampleSlices * SliceLength) return text;
        int step = text.Length / SampleSlices;
        return string.Join("\n", Enumerable.Range(0, SampleSlices).Select(i => text.Substring(i * step, SliceLength)));
    }

    // A CJK character counts as a word: Chinese and Japanese write no spaces.
    static int Words(string text) =>
        text.Count(Cjk.IsCjk) + text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetter) && !w.Any(Cjk.IsCjk));
}

/// <summary>A document's language, and whether it was determined (false: too little text, read by English rules).</summary>
public sealed record Detected(Language Language, bool Determined)
{
    /// <summary>"language: de (German)", or "language: undetermined (English rules)".</summary>
    public override string ToString() => Determined ? $"language: {Language}" : $"language: undetermined ({Language.Name} rules)";
}
