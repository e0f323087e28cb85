using System.Text;

namespace LongDoc.Tasks.Search;

/// <summary>
/// The words of a question that can find an answer: letters and digits runs (split like FTS5's unicode61
/// tokenizer, so "61.874" is "61" and "874"), lower-cased, without question words and other function words.
/// </summary>
public static class QueryTerms
{
    static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "during", "and",
        "or", "but", "as", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "has", "have", "had",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "that", "this", "these",
        "those", "it", "its", "there", "their", "they", "he", "she", "his", "her", "we", "our", "you", "your", "i",
        "me", "my", "any", "all", "some", "will", "would", "can", "could", "should", "may", "must", "s", "tell",
        "please", "give", "name", "called", "named",
    ];

    public static IReadOnlyList<string> Extract(string question)
    {
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in question.Normalize(NormalizationForm.FormKC) + " ")
        {
            if (char.IsLetterOrDigit(c)) { word.Append(char.ToLowerInvariant(c)); continue; }
            if (word.Length == 0) continue;
            var w = word.ToString();
            word.Clear();
            if (!StopWords.Contains(w) && !terms.Contains(w)) terms.Add(w);
        }
        return terms;
    }

    /// <summary>An FTS5 string literal: double quotes, inner quotes doubled. Terms are letters and digits only.</summary>
    public static string Quote(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";
}
