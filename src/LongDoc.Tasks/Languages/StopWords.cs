using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.Es;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.It;
using Lucene.Net.Analysis.Nl;
using Lucene.Net.Analysis.Pt;
using Lucene.Net.Analysis.Util;

namespace LongDoc.Tasks.Languages;

/// <summary>
/// Words that find no answer, per language: for English LongDoc's own list (function and question words), for the
/// others the Snowball project's stop lists as Lucene.Net ships them, plus the question words a question opens with,
/// plus the English list (a question about a German document may be asked in English).
/// Chinese and Japanese questions lose their function characters in <see cref="Cjk.Terms"/>; their Latin-script
/// words use the English list.
/// </summary>
public static class StopWords
{
    static readonly HashSet<string> English =
    [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "during", "and",
        "or", "but", "as", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "has", "have", "had",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "that", "this", "these",
        "those", "it", "its", "there", "their", "they", "he", "she", "his", "her", "we", "our", "you", "your", "i",
        "me", "my", "any", "all", "some", "will", "would", "can", "could", "should", "may", "must", "s", "tell",
        "please", "give", "name",
    ];

    static readonly Dictionary<string, (CharArraySet Set, string[] Questions)> Others = new()
    {
        ["de"] = (GermanAnalyzer.DefaultStopSet, ["wer", "wen", "wem", "wessen", "wann", "wo", "woher", "wohin", "wie", "wieviel", "wieviele", "welche", "welcher", "welches", "welchen", "welchem", "warum", "weshalb", "wozu", "nenne", "nennen", "bitte", "gibt", "heißt"]),
        ["fr"] = (FrenchAnalyzer.DefaultStopSet, ["qui", "quoi", "quand", "où", "comment", "quel", "quelle", "quels", "quelles", "pourquoi", "combien", "est", "ce", "l", "d", "qu"]),
        ["es"] = (SpanishAnalyzer.DefaultStopSet, ["qué", "quién", "quiénes", "cuándo", "dónde", "cómo", "cuál", "cuáles", "cuánto", "cuántos", "cuántas", "por"]),
        ["it"] = (ItalianAnalyzer.DefaultStopSet, ["chi", "cosa", "quando", "dove", "come", "quale", "quali", "perché", "quanto", "quanti", "quante", "l", "d"]),
        ["nl"] = (DutchAnalyzer.DefaultStopSet, ["wie", "wat", "wanneer", "waar", "hoe", "welk", "welke", "waarom", "hoeveel"]),
        ["pt"] = (PortugueseAnalyzer.DefaultStopSet, ["quem", "quando", "onde", "como", "qual", "quais", "porque", "quanto", "quantos", "quantas"]),
    };

    static readonly Dictionary<string, Func<string, bool>> Tests = Language.All.ToDictionary(l => l.Code, l =>
        Others.TryGetValue(l.Code, out var other)
            ? new Func<string, bool>(w => other.Set.Contains(w) || other.Questions.Contains(w) || English.Contains(w))
            : English.Contains);

    /// <summary>True when the lower-case word is a stop word of the language.</summary>
    public static bool Contains(Language language, string word) => Tests[language.Code](word);
}
