using System.Text;
using LongDoc.Tasks.Languages;

namespace LongDoc.Tasks.Search;

/// <summary>
/// The words of a question that can find an answer: letters and digits runs (split like FTS5's unicode61
/// tokenizer, so "61.874" is "61" and "874"), lower-cased, without question words and other function words
/// (<see cref="StopWords"/>); Chinese and Japanese runs as character bigrams (<see cref="Cjk"/>).
/// </summary>
public static class QueryTerms
{
    /// <summary>The terms of a question in English.</summary>
    public static IReadOnlyList<string> Extract(string question) => Extract(question, Language.English);

    /// <summary>
    /// The terms of a question in the given language: its words without the language's stop words, and for runs of
    /// Chinese or Japanese characters their content bigrams (<see cref="Cjk.Terms"/>).
    /// </summary>
    public static IReadOnlyList<string> Extract(string question, Language language)
    {
        var terms = new List<string>();
        foreach (var (run, cjk) in Runs(question.Normalize(NormalizationForm.FormKC)))
            foreach (var term in cjk ? Cjk.Terms(run, dropFunctionWords: true) : StopWords.Contains(language, run) ? [] : [run])
                if (!terms.Contains(term)) terms.Add(term);
        return terms;
    }

    // Runs of letters and digits, lower-cased; a run is all CJK or has none.
    static IEnumerable<(string Run, bool Cjk)> Runs(string text)
    {
        var word = new StringBuilder();
        bool cjk = false;
        foreach (var c in text + " ")
        {
            bool letter = char.IsLetterOrDigit(c);
            if (word.Length > 0 && (!letter || Cjk.IsCjk(c) != cjk))
            {
                yield return (word.ToString(), cjk);
                word.Clear();
            }
            if (!letter) continue;
            cjk = Cjk.IsCjk(c);
            word.Append(char.ToLowerInvariant(c));
        }
    }

    // Words and the abbreviations documents write instead ("the station doctor" ... "Dr. Tomasz Wielgosz").
    static readonly Dictionary<string, string[]> Abbreviations = new()
    {
        ["doctor"] = ["dr"], ["professor"] = ["prof"], ["mount"] = ["mt"], ["saint"] = ["st"], ["number"] = ["no"],
        ["kilometres"] = ["km"], ["kilometers"] = ["km"], ["kilograms"] = ["kg"],
    };

    /// <summary>The term and the abbreviations that stand for it in text.</summary>
    public static IReadOnlyList<string> Forms(string term) =>
        Abbreviations.TryGetValue(term, out var more) ? [term, .. more] : [term];

    /// <summary>
    /// Number of whitespace-separated words, every two Chinese or Japanese characters counting as one (their words
    /// average about two characters): a passage's length for BM25 and for what a summary quotes.
    /// </summary>
    public static int Words(string text) =>
        (text.Count(Cjk.IsCjk) + 1) / 2 + text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => !w.All(Cjk.IsCjk));

    /// <summary>An FTS5 string literal: double quotes, inner quotes doubled. Terms are letters and digits only.</summary>
    public static string Quote(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";
}
