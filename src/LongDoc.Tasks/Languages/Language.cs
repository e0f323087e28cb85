namespace LongDoc.Tasks.Languages;

/// <summary>
/// A language whose documents LongDoc segments and searches by its own rules: its ISO 639-1 code, its
/// abbreviations (a full stop after them ends no sentence), whether a number of at most two digits with a full stop
/// before a word is an ordinal ("am 3. Mai", "2. Auflage"), its stop words, its Snowball stemmer (none: English is
/// stemmed by FTS5's porter tokenizer, Chinese and Japanese are searched by character bigrams), and whether the
/// shipped embedding model (arctic-embed-xs, trained on English) serves it. See the README's "Languages".
/// </summary>
public sealed record Language(string Code, string Name, bool Ordinals, bool Embeddable)
{
    public static readonly Language English = new("en", "English", Ordinals: false, Embeddable: true);
    public static readonly Language German = new("de", "German", Ordinals: true, Embeddable: false);
    public static readonly Language French = new("fr", "French", Ordinals: false, Embeddable: false);
    public static readonly Language Spanish = new("es", "Spanish", Ordinals: false, Embeddable: false);
    public static readonly Language Italian = new("it", "Italian", Ordinals: false, Embeddable: false);
    public static readonly Language Dutch = new("nl", "Dutch", Ordinals: true, Embeddable: false);
    public static readonly Language Portuguese = new("pt", "Portuguese", Ordinals: false, Embeddable: false);
    public static readonly Language Chinese = new("zh", "Chinese", Ordinals: false, Embeddable: false);
    public static readonly Language Japanese = new("ja", "Japanese", Ordinals: false, Embeddable: false);

    public static readonly IReadOnlyList<Language> All = [English, German, French, Spanish, Italian, Dutch, Portuguese, Chinese, Japanese];

    /// <summary>"de (German)".</summary>
    public override string ToString() => $"{Code} ({Name})";
}
