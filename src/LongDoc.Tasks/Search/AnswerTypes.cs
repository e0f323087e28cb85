using System.Text.RegularExpressions;

namespace LongDoc.Tasks.Search;

/// <summary>
/// What kind of answer a question wants, and whether a passage holds one: a day of a month for "what date", a date
/// or a year for "when", a distance
/// for "how far/deep/high", a number for "how many/much/...", a name for "who". A passage that holds the wanted kind is more likely the answer
/// than one that merely shares words with the question ("the vessel arrived" vs "dropped anchor on 14 November").
/// "which"/"where"/"named" want a proper name ("Which vessel" - "RV Aurora Kestrel"); "coordinates" a latitude and
/// longitude ("61.874 S, 47.302 W").
/// A table of (question pattern, passage pattern), first match wins; no match means no preference.
/// </summary>
public static partial class AnswerTypes
{
    const string Month = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";

    // A day of a month: "14 November 2025", "3 February", "November 14".
    const string CalendarDate = $@"\b\d{{1,2}} {Month}(?: \d{{4}})?\b|\b{Month} \d{{1,2}}\b";

    const string Name = @"\b(?:Dr|Prof|Mr|Mrs|Ms|Captain|Capt|RV|MV)\.? [A-Z]|(?<=\S )[A-Z][a-z]+ [A-Z][a-z]+";
    const string Distance = @"\d[\d,.]* ?(?:km|kilometres|kilometers|metres|meters|m|miles|nautical miles)\b";

    // One coordinate: decimal degrees or degrees, minutes and seconds, then its hemisphere ("61.874 S", "61°52'26\" S").
    const string Angle = @"\d{1,3}(?:[.,]\d+)?\s*°?(?:\s*\d{1,2}(?:[.,]\d+)?\s*['′])?(?:\s*\d{1,2}(?:[.,]\d+)?\s*[""″])?\s*";
    const string Coordinates = Angle + @"[NS]\b[,;]?\s*" + Angle + @"[EW]\b";

    static readonly (Regex Question, Regex Passage)[] Table =
    [
        (Q(@"\bcoordinates?\b|\blatitude\b|\blongitude\b|\bgrid reference\b"), new(Coordinates)),
        (Q(@"\b(?:what|which) (?:date|day)\b"), new(CalendarDate)),
        (Q(@"\bwhen\b|\b(?:what|which) year\b"), new($@"{CalendarDate}|\b{Month} \d{{4}}\b|\b(?:1[5-9]|20)\d\d\b")),
        (Q(@"\bhow (?:far|long|high|deep|tall)\b|\bwhat (?:distance|depth|elevation|height|altitude)\b"), new(Distance)),
        (Q(@"\bhow (?:many|much|fast|big|large|old|heavy|cold|warm|strong)\b|\bwhat (?:share|proportion|percentage|number|amount|concentration|speed|age|budget|total|temperature)\b|\bin (?:millimetres|degrees|metres|hours|tonnes|litres)\b"),
         new(@"\d")),
        (Q(@"\bwho\b|\bwhose\b|\bwhich\b|\bwhere\b|\bnamed\b|\bcalled\b|\bname of\b"), new(Name)),
    ];

    static Regex Q(string pattern) => new(pattern, RegexOptions.IgnoreCase);

    /// <summary>The passage pattern for the question's answer type, or null when the question wants no particular kind.</summary>
    public static Regex? For(string question)
    {
        foreach (var (q, p) in Table) if (q.IsMatch(question)) return p;
        return null;
    }
}
