namespace LongDoc.Samples.Generator.Prose;

/// <summary>
/// Hands out every item of a pool once, in random order, before any item repeats; this is what
/// keeps consecutive filler paragraphs from reusing the same phrase.
/// </summary>
public sealed class ShuffleBag(IReadOnlyList<string> items, Rng rng)
{
    readonly List<string> _pending = [];
    string? _last;

    public string Draw()
    {
        if (items.Count == 0) throw new InvalidOperationException("ShuffleBag: empty vocabulary pool");
        if (_pending.Count == 0)
        {
            _pending.AddRange(items);
            for (int i = _pending.Count - 1; i > 0; i--)
            {
                int j = rng.Below(i + 1);
                (_pending[i], _pending[j]) = (_pending[j], _pending[i]);
            }
            // Avoid the same item twice in a row across a refill boundary.
            if (_pending.Count > 1 && _pending[^1] == _last) (_pending[0], _pending[^1]) = (_pending[^1], _pending[0]);
        }
        _last = _pending[^1];
        _pending.RemoveAt(_pending.Count - 1);
        return _last;
    }
}
