using LongDoc.Tasks.Collections;

namespace LongDoc.Tasks.Tests.Collections;

/// <summary>The four samples as one collection, in file order: D1 the report, D2 the memo, D3 the FAQ, D4 the press release.</summary>
static class CollectionSamples
{
    public static readonly string[] Files = [Samples.Report, Samples.Memo, Samples.Faq, Samples.PressRelease];

    public static IReadOnlyList<CollectionMember> Members() =>
        [.. Files.Select(f => new CollectionMember(new DocumentRef(Samples.Path(f), f), Samples.Read(f)))];
}
