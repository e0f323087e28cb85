using System.Net;
using System.Text;
using LongDoc.Samples.Generator.Facts;

namespace LongDoc.Samples.Generator.Web;

/// <summary>
/// A press release as a web page: site header, navigation and footer around an article with headings,
/// a list and a table. The furniture is there on purpose: a reader should keep the article and drop it.
/// </summary>
public static class PressReleaseHtml
{
    public const string FileName = "vellmark-press-release-lichen.html";

    static FactSpec F(string id, string q, string a, string sentence = "{}") => new(id, q, a, sentence);

    static readonly FactSpec Species = F("html-species", "What is the name of the new lichen species discovered on Skarn Island?", "Buellia skarnensis",
        "Botanists working at Vellmark Station have described a lichen new to science, <em>{}</em>, found on bare rock high above the station.");
    static readonly FactSpec Discoverer = F("html-discoverer", "Who discovered the new lichen species on Skarn Island?", "Dr. Paulina Reyes",
        "The first specimens were collected by {}, a lichenologist on her second summer at the station.");
    static readonly FactSpec Site = F("html-site", "Where on Skarn Island was the new lichen species found?", "Tarn Ridge",
        "The species grows on north-facing rock at {}, a wind-scoured nunatak above the Brenner Glacier.");
    static readonly FactSpec Announced = F("html-announced", "On what date was the discovery of the new lichen species announced?", "17 March 2026",
        "Released {}");
    static readonly FactSpec Journal = F("html-journal", "In which journal was the new lichen species described?", "Polar Botany Letters",
        "The formal description appears in the journal <cite>{}</cite>, together with photographs and a key to related species.");
    static readonly FactSpec Specimens = F("html-specimens-tarn", "How many specimens of the new lichen were collected at Tarn Ridge?", "37 specimens");

    public static string Write(FactLedger ledger)
    {
        foreach (var f in new[] { Species, Discoverer, Site, Announced, Journal, Specimens }) ledger.Declare(f, FileName);
        var h = new StringBuilder();
        string Fact(FactSpec f) { ledger.Place(f.Id, null); return f.Render(); }

        h.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>New lichen species found on Skarn Island - Vellmark Station news</title>
            </head>
            <body>
            <header>
            <p class="site">Vellmark Station</p>
            <nav><ul><li><a href="#">Home</a></li><li><a href="#">Science</a></li><li><a href="#">News</a></li><li><a href="#">Contact</a></li></ul></nav>
            </header>
            <main>
            <article>
            <h1>New lichen species found on Skarn Island</h1>

            """);
        h.Append($"<p class=\"dateline\">{Fact(Announced)}</p>\n");
        h.Append($"<p>{Fact(Species)} {Fact(Discoverer)}</p>\n");
        h.Append("<h2>Where it was found</h2>\n");
        h.Append($"<p>{Fact(Site)} The rock there is free of snow for only a few weeks each year, and the lichen grows extremely slowly.</p>\n");
        h.Append("<table>\n<caption>Specimens collected, 2025-26 summer season</caption>\n<thead><tr><th>Site</th><th>Specimens</th><th>Aspect</th></tr></thead>\n<tbody>\n");
        h.Append($"<tr><td>Tarn Ridge</td><td>{Fact(Specimens)}</td><td>North</td></tr>\n");
        h.Append("<tr><td>Ridge saddle</td><td>9 specimens</td><td>North-east</td></tr>\n");
        h.Append("<tr><td>Lower moraine</td><td>4 specimens</td><td>West</td></tr>\n</tbody>\n</table>\n");
        h.Append("<h2>Publication and partners</h2>\n");
        h.Append($"<p>{Fact(Journal)}</p>\n");
        h.Append("<p>The work was a collaboration between:</p>\n<ul>\n<li>the Vellmark Station botany programme</li>\n<li>the herbarium of the partner university</li>\n<li>the national gene bank, which holds the DNA samples</li>\n</ul>\n");
        h.Append("<h2>What happens next</h2>\n<p>The station will survey the other nunataks of the island next summer to learn how widespread the species is.</p>\n");
        h.Append("""
            </article>
            </main>
            <footer>
            <p>This is a fictional press release generated to test LongDoc. All people, places and organisations are invented.</p>
            <p><a href="#">Privacy</a> | <a href="#">Accessibility</a> | <a href="#">Press contacts</a></p>
            </footer>
            </body>
            </html>

            """);
        return h.ToString();
    }

    /// <summary>Visible text of the page, for verification: tags dropped, entities decoded.</summary>
    public static string VisibleText(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " "));
}
