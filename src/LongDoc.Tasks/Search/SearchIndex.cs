using System.Text;
using LongDoc.Tasks.Languages;
using Microsoft.Data.Sqlite;

namespace LongDoc.Tasks.Search;

/// <summary>
/// BM25 over a list of texts with SQLite FTS5, in an in-memory database that lives as long as this object.
/// Two FTS5 tables hold the same rows: one stemmed (porter), one not, so that a caller can trust a word as
/// written more than a word that only shares its stem ("coordinates" and "coordinator" share "coordin").
/// Each entry has a text (what can be quoted) and a context (section path, table header: searched at
/// <see cref="ContextWeight"/> by <see cref="Rank"/>). Terms are stemmed with FTS5's porter tokenizer, so "operates" finds "operated".
/// Row ids are the entries' indices in the list given to Build.
/// <para>
/// Other languages: FTS5's porter tokenizer stems English only, so for a language with a Snowball
/// <see cref="Stemmer"/> (German, French, ...) the stemmed table holds the words' stems, made here, and terms are
/// stemmed the same way before they are looked up. Chinese and Japanese runs are indexed as their characters and
/// bigrams (<see cref="Cjk.ForIndex"/>) in both tables, in any document.
/// </para>
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>BM25 weight of the context column relative to the text (1.0).</summary>
    public const double ContextWeight = 0.3;

    readonly SqliteConnection connection;

    public int Count { get; }

    readonly Language language;

    SearchIndex(SqliteConnection connection, int count, Language language) { this.connection = connection; Count = count; this.language = language; }

    /// <summary>An index of English text.</summary>
    public static SearchIndex Build(IReadOnlyList<(string Text, string Context)> entries) => Build(entries, Language.English);

    public static SearchIndex Build(IReadOnlyList<(string Text, string Context)> entries, Language language)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        bool snowball = Stemmer.Has(language);
        Execute(connection, "CREATE VIRTUAL TABLE entries USING fts5(text, context, tokenize = '" + (snowball ? "" : "porter ") + "unicode61 remove_diacritics 2')");
        Execute(connection, "CREATE VIRTUAL TABLE exact USING fts5(text, context, tokenize = 'unicode61 remove_diacritics 2')");
        using (var tx = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO entries(rowid, text, context) VALUES ($id, $stems, $stemContext); " +
                                 "INSERT INTO exact(rowid, text, context) VALUES ($id, $text, $context)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var context = insert.Parameters.Add("$context", SqliteType.Text);
            var stems = insert.Parameters.Add("$stems", SqliteType.Text);
            var stemContext = insert.Parameters.Add("$stemContext", SqliteType.Text);
            for (int i = 0; i < entries.Count; i++)
            {
                id.Value = i;
                text.Value = Cjk.ForIndex(entries[i].Text);
                context.Value = Cjk.ForIndex(entries[i].Context);
                stems.Value = snowball ? Stems((string)text.Value, language) : text.Value;
                stemContext.Value = snowball ? Stems((string)context.Value, language) : context.Value;
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return new SearchIndex(connection, entries.Count, language);
    }

    // The text's words (letter and digit runs, lower-cased) replaced by their Snowball stems, space-separated.
    static string Stems(string text, Language language)
    {
        var sb = new StringBuilder(text.Length);
        var word = new StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c)) { word.Append(char.ToLowerInvariant(c)); continue; }
            if (word.Length == 0) continue;
            sb.Append(Stemmer.Stem(language, word.ToString())).Append(' ');
            word.Clear();
        }
        return sb.ToString();
    }

    // A term as the stemmed table holds it: its Snowball stem, or itself where FTS5 stems (porter) or nothing does.
    string Stemmed(string term) => Stemmer.Stem(language, term);

    public const string TextColumn = "text", ContextColumn = "context";

    /// <summary>Row ids whose given column contains the term: as written (case and diacritics aside), or stemmed.</summary>
    public HashSet<int> Matches(string term, string column, bool stemmed)
    {
        var ids = new HashSet<int>();
        using var query = connection.CreateCommand();
        query.CommandText = stemmed ? "SELECT rowid FROM entries WHERE entries MATCH $q" : "SELECT rowid FROM exact WHERE exact MATCH $q";
        query.Parameters.AddWithValue("$q", column + " : " + QueryTerms.Quote(stemmed ? Stemmed(term) : term));
        using var reader = query.ExecuteReader();
        while (reader.Read()) ids.Add((int)reader.GetInt64(0));
        return ids;
    }

    /// <summary>Entries matching any of the terms in either column, best first by FTS5's own BM25: (row id, score, higher is better).</summary>
    public IReadOnlyList<(int Id, double Score)> Rank(IReadOnlyList<string> terms, int limit)
    {
        var hits = new List<(int, double)>();
        if (terms.Count == 0 || limit <= 0) return hits;
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT rowid, bm25(entries, 1.0, $w) AS s FROM entries WHERE entries MATCH $q ORDER BY s LIMIT $n";
        query.Parameters.AddWithValue("$w", ContextWeight);
        query.Parameters.AddWithValue("$q", string.Join(" OR ", terms.Select(t => QueryTerms.Quote(Stemmed(t)))));
        query.Parameters.AddWithValue("$n", limit);
        using var reader = query.ExecuteReader();
        while (reader.Read()) hits.Add(((int)reader.GetInt64(0), -reader.GetDouble(1)));   // FTS5's bm25 is negated
        return hits;
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
