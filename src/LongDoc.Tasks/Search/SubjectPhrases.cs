using System.Text.RegularExpressions;

namespace LongDoc.Tasks.Search;

/// <summary>
/// The document's subject named in a question ("When was Vellmark Station founded?" asked of the Vellmark report):
/// a run of capitalised words that are all words of the document's title. Every passage is about the subject, so it
/// says nothing about where the answer is; to an embedding model it says a lot, and pulls the question towards
/// passages that name the subject and nothing else (captions, title lines). <see cref="Remove"/> takes it out of the
/// question, with the preposition before it, for semantic search; BM25 weighs it down instead
/// (<see cref="PassageSearch.SubjectWeight"/>).
/// </summary>
public static partial class SubjectPhrases
{
    [GeneratedRegex(@"(?:\b(?:at|of|on|in|for|to|from|about)\s+)?\b(?:\p{Lu}[\p{L}\p{N}-]*(?:'s)?)(?:\s+\p{Lu}[\p{L}\p{N}-]*(?:'s)?)*", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedRun();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s+(?=[?.!,;:])")]
    private static partial Regex SpaceBeforePunctuation();

    /// <summary>
    /// The question without runs of capitalised title words. The question stays as it was when nothing else would
    /// be left of it, or when the run is its first word (a capitalised question word is not a name).
    /// </summary>
    public static string Remove(string question, IReadOnlySet<string> subject)
    {
        if (subject.Count == 0) return question;
        var result = CapitalisedRun().Replace(question, m =>
        {
            if (m.Index == 0) return m.Value;
            var words = m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                               .Where(w => char.IsUpper(w[0]))
                               .Select(w => w.EndsWith("'s", StringComparison.Ordinal) ? w[..^2] : w);
            return words.All(w => subject.Contains(w.ToLowerInvariant())) ? " " : m.Value;
        });
        result = SpaceBeforePunctuation().Replace(Spaces().Replace(result, " "), "").Trim();
        return QueryTerms.Extract(result).Count == 0 ? question : result;
    }
}
