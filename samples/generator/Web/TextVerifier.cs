using LongDoc.Samples.Generator.Facts;

namespace LongDoc.Samples.Generator.Web;

/// <summary>Unpaginated files: each fact's answer must occur in the file's visible text.</summary>
public static class TextVerifier
{
    public static void Verify(string text, IReadOnlyList<Fact> facts, string file)
    {
        var missing = facts.Where(f => !text.Contains(f.Answer, StringComparison.Ordinal)).Select(f => $"fact '{f.Id}': answer \"{f.Answer}\" not found").ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"{file} failed verification:\n  " + string.Join("\n  ", missing));
        Console.WriteLine($"verified {file}: {facts.Count} facts present");
    }
}
