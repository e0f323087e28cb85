namespace LongDoc.Samples.Generator.Facts;

/// <summary>
/// Records where each fact was actually placed by a writer. Page numbers in facts.json and the README
/// come only from here, never from hand-typed tables.
/// </summary>
public sealed class FactLedger
{
    readonly List<(FactSpec Spec, string File)> _declared = [];
    readonly Dictionary<string, int?> _placed = [];

    public void Declare(FactSpec spec, string file)
    {
        if (_declared.Any(d => d.Spec.Id == spec.Id)) throw new InvalidOperationException($"Fact id '{spec.Id}' declared twice");
        _declared.Add((spec, file));
    }

    public void Place(string id, int? page)
    {
        if (_declared.All(d => d.Spec.Id != id)) throw new InvalidOperationException($"Fact '{id}' placed but never declared");
        if (_placed.TryGetValue(id, out var prior) && prior != page)
            throw new InvalidOperationException($"Fact '{id}' placed on page {prior} and again on page {page}");
        _placed[id] = page;
    }

    public IReadOnlyList<Fact> Facts(string file) => _declared.Where(d => d.File == file).Select(d => Resolve(d.Spec, d.File)).ToList();

    public IReadOnlyList<Fact> All() => _declared.Select(d => Resolve(d.Spec, d.File)).ToList();

    Fact Resolve(FactSpec s, string file) => _placed.TryGetValue(s.Id, out var page)
        ? new Fact(s.Id, s.Question, s.Answer, file, page)
        : throw new InvalidOperationException($"Fact '{s.Id}' in {file} was declared but the writer never placed it");
}
