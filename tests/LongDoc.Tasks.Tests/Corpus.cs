using LongDoc.Documents;
using LongDoc.Documents.Readers;

namespace LongDoc.Tasks.Tests;

/// <summary>The real corpus documents linked into the test output, each read once per test run.</summary>
static class Corpus
{
    static readonly Lazy<Document> GeoTopoDocument = new(() =>
        DocumentReaders.ReadFile(Path.Combine(AppContext.BaseDirectory, "corpus", "GeoTopo.pdf"), ReadOptions.Default));

    /// <summary>A 117-page German lecture script on geometry and topology (CC-BY-SA-4.0; see the project file).</summary>
    public static Document GeoTopo => GeoTopoDocument.Value;
}
