using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace LongDoc.Tasks.Languages;

/// <summary>
/// Snowball stemmers (Lucene.Net's port) for the languages FTS5 cannot stem: FTS5's porter tokenizer is English
/// only, so for these the words are stemmed here and FTS5 indexes the stems. English, Chinese and Japanese have
/// none here (<see cref="Has"/> is false). A stemmer keeps state, so each thread has its own.
/// </summary>
public static class Stemmer
{
    static readonly Dictionary<string, Func<SnowballProgram>> Programs = new()
    {
        ["de"] = () => new German2Stemmer(),
        ["fr"] = () => new FrenchStemmer(),
        ["es"] = () => new SpanishStemmer(),
        ["it"] = () => new ItalianStemmer(),
        ["nl"] = () => new DutchStemmer(),
        ["pt"] = () => new PortugueseStemmer(),
    };

    [ThreadStatic] static Dictionary<string, SnowballProgram>? made;

    public static bool Has(Language language) => Programs.ContainsKey(language.Code);

    /// <summary>The stem of a lower-case word; the word itself for a language without a stemmer here.</summary>
    public static string Stem(Language language, string word)
    {
        if (!Programs.TryGetValue(language.Code, out var make)) return word;
        made ??= [];
        if (!made.TryGetValue(language.Code, out var program)) made[language.Code] = program = make();
        program.SetCurrent(word);
        program.Stem();
        return program.Current;
    }
}
