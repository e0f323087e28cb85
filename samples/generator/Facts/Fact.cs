namespace LongDoc.Samples.Generator.Facts;

/// <summary>
/// A fact as authored: the question, its exact answer, and the sentence that states it, where "{}"
/// marks the answer's place. The answer is kept on one line wherever it is set, so that text
/// extraction sees it verbatim.
/// </summary>
public sealed record FactSpec(string Id, string Question, string Answer, string Sentence = "{}")
{
    public string Render() => Sentence.Replace("{}", Answer);

    public int AnswerOffset => Sentence.IndexOf("{}", StringComparison.Ordinal) is var i and >= 0
        ? i : throw new InvalidOperationException($"Fact '{Id}': sentence has no {{}} placeholder: {Sentence}");
}

/// <summary>A fact as placed: which file and (for paginated files) which 1-based page it landed on.</summary>
public sealed record Fact(string Id, string Question, string Answer, string File, int? Page);
