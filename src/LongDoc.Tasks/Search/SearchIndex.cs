using Microsoft.Data.Sqlite;

namespace LongDoc.Tasks.Search;

/// <summary>
/// BM25 over a list of texts with SQLite FTS5, in an in-memory database that lives as long as this object.
/// Each entry has a text (what can be quoted) and a context (section path, table header: searched at
/// <see cref="ContextWeight"/>). Terms are stemmed with FTS5's porter tokenizer, so "operates" finds "operated".
/// Row ids are the entries' indices in the list given to <see cref="Build"/>.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>BM25 weight of the context column relative to the text (1.0).</summary>
    public const double ContextWeight = 0.3;

    readonly SqliteConnection connection;

    public int Count { get; }

    SearchIndex(SqliteConnection connection, int count) { this.connection = connection; Count = count; }

    public static SearchIndex Build(IReadOnlyList<(string Text, string Context)> entries)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE entries USING fts5(text, context, tokenize = 'porter unicode61 remove_diacritics 2')");
        using (var tx = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO entries(rowid, text, context) VALUES ($id, $text, $context)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var context = insert.Parameters.Add("$context", SqliteType.Text);
            for (int i = 0; i < entries.Count; i++)
            {
                id.Value = i; text.Value = entries[i].Text; context.Value = entries[i].Context;
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return new SearchIndex(connection, entries.Count);
    }

    /// <summary>Entries matching any of the terms, best first: (row id, BM25 score, higher is better).</summary>
    public IReadOnlyList<(int Id, double Score)> Rank(IReadOnlyList<string> terms, int limit)
    {
        var hits = new List<(int, double)>();
        if (terms.Count == 0 || limit <= 0) return hits;
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT rowid, bm25(entries, 1.0, {ContextWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)}) AS s " +
                            "FROM entries WHERE entries MATCH $q ORDER BY s LIMIT $n";
        query.Parameters.AddWithValue("$q", string.Join(" OR ", terms.Select(QueryTerms.Quote)));
        query.Parameters.AddWithValue("$n", limit);
        using var reader = query.ExecuteReader();
        while (reader.Read()) hits.Add(((int)reader.GetInt64(0), -reader.GetDouble(1)));   // FTS5's bm25 is negated
        return hits;
    }

    /// <summary>Row ids whose text column (not the context) contains the term, stemmed.</summary>
    public HashSet<int> TextMatches(string term)
    {
        var ids = new HashSet<int>();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT rowid FROM entries WHERE entries MATCH $q";
        query.Parameters.AddWithValue("$q", "text : " + QueryTerms.Quote(term));
        using var reader = query.ExecuteReader();
        while (reader.Read()) ids.Add((int)reader.GetInt64(0));
        return ids;
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
