using LongDoc.Documents;

namespace LongDoc.Tasks.Collections;

/// <summary>
/// How a document of a collection is named in answers: <see cref="Id"/> identifies it for a program (a path on the
/// command line, a document id in the service), <see cref="Name"/> is shown to people (a file name).
/// </summary>
public sealed record DocumentRef(string Id, string Name)
{
    /// <summary>The label a prompt gives the <paramref name="index"/>-th document (0-based) and its citations use: "D1", "D2", ...</summary>
    public static string Label(int index) => $"D{index + 1}";
}

/// <summary>A document of a collection, read, with its reference.</summary>
public sealed record CollectionMember(DocumentRef Ref, Document Document);
