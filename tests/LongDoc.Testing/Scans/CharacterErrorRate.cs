using System.Text;

namespace LongDoc.Testing.Scans;

/// <summary>
/// Character error rate of recognised text against a reference: edit distance (insertions, deletions,
/// substitutions) over the reference's length, after both are NFKC-normalized with every run of whitespace made one space.
/// </summary>
public static class CharacterErrorRate
{
    public static double Compute(string reference, string recognised)
    {
        var r = Normalize(reference);
        var h = Normalize(recognised);
        return r.Length == 0 ? (h.Length == 0 ? 0 : 1) : (double)Distance(r, h) / r.Length;
    }

    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
            if (!char.IsWhiteSpace(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
        return sb.ToString().Trim();
    }

    // Two rows of the Levenshtein table.
    static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
