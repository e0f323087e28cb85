using System.Collections.Concurrent;
using System.Text.Json;
using LongDoc.Documents;
using LongDoc.Documents.Readers;

namespace LongDoc.Tasks.Tests;

/// <summary>The sample documents (copied into the test output) and their facts, each read once per test run.</summary>
static class Samples
{
    public sealed record Fact(string Id, string Question, string Answer, string File, int? Page);

    public const string Report = "vellmark-annual-report-2025.pdf";
    public const string Memo = "vellmark-logistics-memo-2026.docx";
    public const string Faq = "vellmark-visitor-faq.md";
    public const string PressRelease = "vellmark-press-release-lichen.html";

    static readonly ConcurrentDictionary<string, Document> Documents = new();

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "samples", name);

    public static Document Read(string name) => Documents.GetOrAdd(name, n => DocumentReaders.ReadFile(Path(n), ReadOptions.Default));

    public static IReadOnlyList<Fact> Facts() =>
        JsonSerializer.Deserialize<List<Fact>>(File.ReadAllText(Path("facts.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}
