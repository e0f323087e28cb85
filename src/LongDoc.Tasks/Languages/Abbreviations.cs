namespace LongDoc.Tasks.Languages;

/// <summary>
/// Words after which a full stop ends no sentence, per language, lower-case and without the final full stop
/// ("z.b" stands for "z.B."). One-letter words ("z. B.", "d. h.", "u. a.", "J. Smith") are abbreviations in every
/// language and need no entry. Every language also has the Latin ones scholarly text uses anywhere.
/// </summary>
public static class Abbreviations
{
    static readonly string[] Latin = ["etc", "vs", "ca", "cf", "al", "e.g", "i.e", "ff", "ibid", "op", "cit", "approx", "fig", "vol", "p", "pp"];

    static readonly Dictionary<string, string[]> ByLanguage = new()
    {
        ["en"] = ["no", "dr", "mr", "mrs", "ms", "prof", "st", "mt", "nos", "figs", "eg", "ie", "jr", "sr", "inc", "ltd", "co",
                  "corp", "dept", "rv", "hms", "mv"],
        ["de"] = ["bzw", "vgl", "usw", "evtl", "ggf", "ggfs", "abs", "bsp", "bspw", "inkl", "sog", "bzgl", "def", "kap",
                  "abb", "tab", "s", "str", "dr", "prof", "hr", "fr", "insb", "einschl", "entspr", "gem", "allg", "max",
                  "min", "mind", "zzgl", "jh", "jhd", "hrsg", "aufl", "bd", "bde", "geb", "gest", "gegr", "lt", "mio",
                  "mrd", "rd", "sek", "std", "tel", "zit", "prop", "lem", "bem", "kor", "anm", "ausg", "beisp", "betr",
                  "bes", "dgl", "nr", "d.h", "z.b", "u.a", "u.ä", "o.ä", "s.o", "s.u", "u.u", "v.a", "z.t", "i.a",
                  "i.d.r", "o.b.d.a", "u.v.m", "zb", "dh", "ua", "usf", "vllt", "ebd", "verf"],
        ["fr"] = ["m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "prof", "env", "ex", "av", "bd", "chap", "éd",
                  "art", "st", "ste", "sq", "sqq", "tél", "max", "min", "apr", "j.-c", "c.-à-d", "cad", "suiv", "coll",
                  "dir", "trad", "hab", "no"],
        ["es"] = ["sr", "sra", "srta", "dr", "dra", "ud", "uds", "pág", "págs", "ej", "núm", "cap", "aprox", "av",
                  "dto", "prof", "ed", "tel"],
        ["it"] = ["sig", "sigg", "dott", "prof", "ecc", "pag", "pagg", "cfr", "es", "ca", "cap", "ed", "dr", "avv", "ing"],
        ["nl"] = ["dhr", "mevr", "mw", "dr", "prof", "bijv", "bv", "enz", "blz", "vgl", "zgn", "d.w.z", "o.a", "i.p.v",
                  "m.b.t", "t.o.v", "m.a.w", "ir", "ing", "drs", "mr", "nr"],
        ["pt"] = ["sr", "sra", "srs", "dr", "dra", "prof", "pág", "ex", "av", "cap", "ed", "tel", "nº"],
    };

    static readonly Dictionary<string, HashSet<string>> Sets = Language.All.ToDictionary(l => l.Code,
        l => new HashSet<string>(Latin.Concat(ByLanguage.GetValueOrDefault(l.Code, ByLanguage["en"])), StringComparer.OrdinalIgnoreCase));

    /// <summary>The abbreviations of the language (Chinese and Japanese: the English ones, for their Latin-script parts).</summary>
    public static IReadOnlySet<string> For(Language language) => Sets[language.Code];
}
