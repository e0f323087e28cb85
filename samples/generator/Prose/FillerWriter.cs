namespace LongDoc.Samples.Generator.Prose;

/// <summary>
/// Deterministic filler prose: sentences built from templates whose slots are drawn from a topic's
/// phrase pools. Every pool is a shuffle bag, templates never repeat back to back, and a quarter of the
/// sentences draw on general station life, so a long chapter reads like a report rather than a loop.
/// </summary>
public sealed class FillerWriter
{
    // Slots: {A} actor, {V} activity, {S} setting, {O} object, {R} reason, {U} outcome, {T} time, {W} weather.
    static readonly string[] Templates =
    [
        "{T}, {A} {V} {S}.",
        "{A} {V} {S}, {R}.",
        "As in earlier seasons, {A} {V} {S}.",
        "It is worth recording that {U}.",
        "Although {W}, {U}.",
        "{A} kept a careful record of {O}, {R}.",
        "The station log shows that {A} {V} {S} {T}.",
        "{T}, attention turned to {O}, and {U}.",
        "Where conditions allowed, {A} also {V}.",
        "Particular care was taken with {O}, {R}.",
        "By the close of the year {U}.",
        "In practice {O} demanded more time than planned, largely because {W}.",
        "{A} {V} {T}, and {U}.",
        "On several occasions {A} {V} {S} even though {W}.",
        "Looking back, {U}, {R}.",
        "The handover notes mention that {A} {V}.",
        "Responsibility for {O} rested with {A}, who {V} {S}.",
    ];

    readonly Rng _rng;
    readonly Dictionary<string, ShuffleBag> _bags;
    readonly Topic _topic;

    /// <param name="bags">Shared by every writer of one document, so a phrase is not reused until its whole pool has been.</param>
    public FillerWriter(Topic topic, Rng rng, Dictionary<string, ShuffleBag> bags)
    {
        _topic = topic;
        _rng = rng;
        _bags = bags;
    }

    public string Sentence()
    {
        string template = Draw(Vocabulary.Station, "templates", Templates);
        // One topic per sentence, so that actor, activity and setting belong together.
        Topic t = _rng.Below(4) == 0 ? Vocabulary.Station : _topic;
        string s = template
            .Replace("{A}", Draw(t, "A", t.Actors))
            .Replace("{V}", Draw(t, "V", t.Activities))
            .Replace("{S}", Draw(t, "S", t.Settings))
            .Replace("{O}", Draw(t, "O", t.Objects))
            .Replace("{R}", Draw(t, "R", t.Reasons))
            .Replace("{U}", Draw(t, "U", t.Outcomes))
            .Replace("{T}", Draw(Vocabulary.Station, "T", Vocabulary.Times))
            .Replace("{W}", Draw(Vocabulary.Station, "W", Vocabulary.Weather));
        if (s.Any(char.IsDigit)) throw new InvalidOperationException($"Filler sentence contains a digit and could collide with a fact: {s}");
        return char.ToUpperInvariant(s[0]) + s[1..];
    }

    string Draw(Topic t, string slot, string[] pool)
    {
        string key = t.Name + "/" + slot;
        if (!_bags.TryGetValue(key, out var bag)) _bags[key] = bag = new ShuffleBag(pool, _rng);
        return bag.Draw();
    }
}
