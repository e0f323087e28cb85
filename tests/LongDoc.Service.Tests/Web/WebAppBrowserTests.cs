using System.Net;
using System.Text.RegularExpressions;
using LongDoc.Service.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using Xunit.Abstractions;

namespace LongDoc.Service.Tests.Web;

/// <summary>One Chromium and one `longdoc serve` host for the web app's browser tests (a state folder of their own).</summary>
public sealed class WebAppSession : IAsyncLifetime
{
    public ApiServer Server { get; private set; } = null!;
    public Browser? Browser { get; private set; }
    public string? Missing { get; private set; }

    public async Task InitializeAsync()
    {
        // Retries at once: the broken PDF's failure is shown without waiting out the default delay.
        Server = await ApiServer.StartAsync(new() { ["Jobs:RetrySeconds"] = "0" });
        Browser = Infrastructure.Browser.Start("webapp", out var why);
        Missing = why;
    }

    public async Task DisposeAsync()
    {
        Browser?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// The web app in headless Chromium against a real host on loopback, as a user drives it: sign in, upload the samples
/// (and a refused and a broken file), read a summary, ask and check the cited page, a collection, the hostile HTML
/// document shown as text, sign out; and the same main flow by keyboard alone. Screenshots of each step are written
/// under the test output's screenshots/webapp (the path is printed).
/// </summary>
public sealed partial class WebAppBrowserTests(WebAppSession session, ITestOutputHelper output) : IClassFixture<WebAppSession>
{
    const string Report = "vellmark-annual-report-2025.pdf";
    const string HostileName = "<img src=x onerror=window.__xss=1>.html";
    const string HostileHtml = "<html><head><title>Hostile</title></head><body><h1>Hostile page</h1>" +
        "<p>Literal markup follows: &lt;script&gt;window.__xss=2&lt;/script&gt; and &lt;img src=x onerror=\"window.__xss=3\"&gt; end of the markup.</p>" +
        "<script>window.__xss=4</script><img src=x onerror=\"window.__xss=5\"></body></html>";

    Browser B => session.Browser!;
    IWebDriver D => session.Browser!.Driver;

    bool Ready()
    {
        if (session.Browser is not null)
        {
            output.WriteLine($"screenshots: {session.Browser.Screenshots}");
            return true;
        }
        output.WriteLine($"no browser outside CI ({session.Missing}): nothing driven, nothing checked");
        return false;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    static string Fold(string text) => Spaces().Replace(text, " ").Trim().ToLowerInvariant();

    /// <summary>Name and status cell of every row of the library's table.</summary>
    Dictionary<string, string> Rows() => ((string)B.Script(
        "return [...document.querySelectorAll('#documents tbody tr')].map(r => r.cells[0].textContent + '\\t' + r.cells[1].textContent).join('\\n');")!)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1]);

    string Title() => D.FindElement(By.Id("view-title")).Text;

    /// <summary>The focused element as a user would name it: its id, else its label, else its text.</summary>
    string Focused() => (string)B.Script("const e = document.activeElement; return e.id || e.getAttribute('aria-label') || e.textContent.trim();")!;

    void Key(string keys) => new Actions(D).SendKeys(keys).Perform();

    /// <summary>Presses Tab until <paramref name="target"/> has the focus, at most <paramref name="most"/> times; the names focused on the way.</summary>
    List<string> TabTo(Func<string, bool> target, int most)
    {
        var seen = new List<string>();
        for (int i = 0; i < most; i++)
        {
            Key(Keys.Tab);
            seen.Add(Focused());
            if (target(seen[^1])) return seen;
        }
        Assert.Fail($"not reached in {most} tabs: {string.Join(" | ", seen)}");
        return seen;
    }

    void SignIn()
    {
        B.Find("#api-key").SendKeys(ApiServer.Key + Keys.Enter);
        B.Until(_ => Title() == "Library", "the library after signing in");
    }

    void OpenFromLibrary(string name)
    {
        D.FindElement(By.Id("home")).Click();
        B.Until(_ => Title() == "Library", "the library");
        B.Until(d => d.FindElement(By.LinkText(name)), $"the link to {name}").Click();
        B.Until(_ => Title() == name, $"the document view of {name}");
    }

    /// <summary>Asks in the view's ask box and returns the first citation's link once the citations are in.</summary>
    IWebElement Ask(string question)
    {
        var box = B.Find("#question");
        box.Clear();
        box.SendKeys(question + Keys.Enter);
        return B.Until(d => d.FindElement(By.CssSelector("#citations li a.cite")), $"the citations of \"{question}\"");
    }

    /// <summary>Follows a citation: its page opens, titled with its number, the quote marked in the page's text.</summary>
    string FollowCitation(IWebElement cite)
    {
        var quote = cite.FindElement(By.XPath("./ancestor::li")).FindElement(By.TagName("q")).Text;
        var page = Regex.Match(cite.Text, @"p\. (\d+)").Groups[1].Value;
        cite.Click();
        var mark = B.Until(d => d.FindElement(By.CssSelector("#page-text mark")), "the quote marked on the cited page");
        Assert.StartsWith($"Page {page} of ", D.FindElement(By.Id("page-title")).Text);
        Assert.Contains(Fold(mark.Text), Fold(quote));
        Assert.True(mark.Text.Length >= 4, $"marked: \"{mark.Text}\"");
        return mark.Text;
    }

    [Fact]
    public async Task MainFlow_SamplesAskedCitedCollectedHostileShownAsText_SignedOut()
    {
        if (!Ready()) return;
        D.Navigate().GoToUrl(session.Server.BaseAddress);
        B.Find("#api-key").SendKeys("wrong-key" + Keys.Enter);
        B.Until(d => d.FindElement(By.Id("notice")).Text.Contains("missing or unknown API key"), "the API's 401 message");
        B.Shot("sign-in-refused");
        SignIn();

        // Upload: the four samples, a file the API refuses (415) and a PDF that fails to read.
        var folder = Directory.CreateTempSubdirectory("longdoc-webapp-");
        var noise = Path.Combine(folder.FullName, "noise.jpg");
        File.WriteAllBytes(noise, [0x7F, 0x45, 0x4C, 0x46, 0, 0x10, 0, 0, 1, 2, 0, 0, 3]);
        var broken = Path.Combine(folder.FullName, "broken.pdf");
        File.WriteAllText(broken, "%PDF-1.7\nthis is no PDF at all\n");
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"), "vellmark-*").Order().ToList();
        Assert.Equal(4, samples.Count);
        B.Find("#files").SendKeys(string.Join("\n", samples.Append(noise).Append(broken)));
        B.Until(d => d.FindElements(By.CssSelector("#uploads li")).Count == 6, "a line per upload");
        var refused = B.Until(d => d.FindElements(By.CssSelector("#uploads li")).FirstOrDefault(l => l.Text.Contains("refused:")), "the refused upload")!;
        Assert.Contains("noise.jpg: binary content", refused.Text);
        B.Shot("uploading");
        var names = samples.Select(Path.GetFileName).ToList();
        B.Until(_ => Rows() is var rows && names.All(n => rows.GetValueOrDefault(n!) == "done") && rows.GetValueOrDefault("broken.pdf", "").StartsWith("failed: "),
            "the samples done and broken.pdf failed");
        Assert.Contains("broken.pdf", Rows()["broken.pdf"]);
        B.Shot("library");
        B.Find("#search").SendKeys("memo");
        B.Until(_ => Rows().Keys.SequenceEqual(["vellmark-logistics-memo-2026.docx"]), "only the memo when searching for \"memo\"");
        B.Find("#search").Clear();
        B.Find("#search").SendKeys(" ");
        B.Until(_ => Rows().Count >= 5, "every row again");

        // The hostile HTML document, dropped on the drop zone: its name and its text are shown as text, nothing runs.
        B.Script("""
            const [name, text] = arguments;
            const data = new DataTransfer();
            data.items.add(new File([text], name, { type: 'text/html' }));
            const zone = document.getElementById('drop');
            zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
            zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
            """, HostileName, HostileHtml);
        B.Until(_ => Rows().GetValueOrDefault(HostileName) == "done", "the hostile document done");
        OpenFromLibrary(HostileName);
        var text = B.Find("#page-text").Text;
        Assert.Contains("<script>window.__xss=2</script>", text);
        Assert.Contains("onerror=\"window.__xss=3\"", text);
        Assert.Null(B.Script("return window.__xss ?? null;"));
        Assert.Equal(0L, B.Script("return document.querySelectorAll('main img, main script, body > img').length;"));
        B.Shot("hostile-html-as-text");

        // The annual report: summary with outline and page links, the PDF page drawn, an extractive answer cited.
        OpenFromLibrary(Report);
        B.Until(d => d.FindElements(By.CssSelector(".outline li")).Count >= 5, "the outline");
        Assert.NotEmpty(D.FindElements(By.CssSelector(".summary a[href^='#/doc/']")));
        B.Find("#pdf-page");
        B.Shot("summary");
        var cite = Ask("Who led Vellmark Station in 2025?");
        Assert.Contains("Ingrid Solvang", B.Find("#answer-text").Text);
        var mode = B.Find("#answer-mode");
        Assert.True(mode.Displayed);
        Assert.StartsWith("Extractive answer", mode.Text);
        B.Shot("answer");
        FollowCitation(cite);
        B.Until(d => d.FindElement(By.Id("pdf-page")), "the cited PDF page drawn");
        var tinted = (long)B.Script("""
            const c = document.getElementById('pdf-page');
            const p = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < p.length; i += 4) if (p[i] > 240 && p[i + 1] > 200 && p[i + 1] < 245 && p[i + 2] < 190) n++;
            return n;
            """)!;
        Assert.True(tinted > 500, $"the quote tinted on the drawn page: {tinted} pixels");
        Assert.Matches(@"#/doc/\d+/page/\d+$", D.Url);
        B.Shot("cited-page");

        await Collection();

        // Delete the broken PDF (done or failed documents can go), then sign out.
        D.FindElement(By.Id("home")).Click();
        B.Until(_ => Title() == "Library", "the library");
        B.Until(d => d.FindElement(By.CssSelector("button[aria-label='Delete broken.pdf']")), "the delete button").Click();
        D.SwitchTo().Alert().Accept();
        B.Until(_ => !Rows().ContainsKey("broken.pdf"), "broken.pdf gone");
        Assert.DoesNotContain(ApiServer.Key, D.Url);
        D.FindElement(By.Id("sign-out")).Click();
        B.Find("#api-key");
        Assert.Null(B.Script("return sessionStorage.getItem('longdoc.key');"));
        Assert.Equal("Signed out.", D.FindElement(By.Id("notice")).Text);
        D.Navigate().GoToUrl(new Uri(session.Server.BaseAddress, "/#/doc/1"));
        B.Find("#api-key");
        Assert.Empty(D.FindElements(By.Id("page-text")));
        B.Shot("signed-out");
        folder.Delete(recursive: true);
        var console = B.Console();
        output.WriteLine($"browser console: {console.Count} lines");
        foreach (var line in console) output.WriteLine(line);
        Assert.DoesNotContain(console, l => l.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || l.Contains("Uncaught", StringComparison.Ordinal));
    }

    /// <summary>A collection of two samples asked across: the citation names its document and opens its page. Needs /v1/collections.</summary>
    async Task Collection()
    {
        using var client = session.Server.Client();
        var probe = await client.GetAsync("/v1/collections");
        if (probe.StatusCode == HttpStatusCode.NotFound)
        {
            output.WriteLine($"collection step skipped: GET /v1/collections answers 404 ({await probe.Content.ReadAsStringAsync()}); the route comes with issue 20 item 1");
            return;
        }
        D.FindElement(By.Id("home")).Click();
        B.Until(_ => Title() == "Library", "the library");
        B.Find("#collection-name").SendKeys("Vellmark" + Keys.Enter);
        B.Until(_ => Title() == "Vellmark", "the new collection's view");
        foreach (var name in new[] { Report, "vellmark-visitor-faq.md" })
        {
            B.Script("const s = document.getElementById('add-document'); s.value = [...s.options].find(o => o.text === arguments[0]).value;", name);
            D.FindElement(By.CssSelector("#add-form button[type=submit]")).Click();
            B.Until(d => d.FindElements(By.CssSelector("#members li a")).Any(a => a.Text == name), $"{name} in the collection");
        }
        D.FindElement(By.Id("summarize")).Click();
        Assert.StartsWith("Extractive overview", B.Find("#summary-mode").Text);
        Assert.Equal(2, D.FindElements(By.CssSelector("#summary-documents details")).Count);
        var cite = Ask("When was Vellmark Station founded?");
        Assert.Matches(@"^vellmark-.+, p\. \d+", cite.Text);   // "NAME, p. N": the document is named
        B.Shot("collection-answer");
        FollowCitation(cite);
        B.Shot("collection-cited-page");
    }

    [Fact]
    public async Task Keyboard_SignInOpenAskFollowCitation_LabelledInFocusOrder()
    {
        if (!Ready()) return;
        using var client = session.Server.Client();
        var id = await ApiServer.UploadAsync(client, "keyboard.md", "# Keyboard notes\n\n## Ferry\n\nThe ferry to Skarn leaves at nine every Tuesday.\n");
        await ApiServer.WaitForAsync(client, id, "done");
        D.Navigate().GoToUrl(session.Server.BaseAddress);
        B.Script("sessionStorage.clear();");
        D.Navigate().Refresh();
        B.Find("#api-key");
        Assert.Equal("view-title", Focused());
        Assert.Equal(["api-key"], TabTo(f => f == "api-key", 1));
        Key(ApiServer.Key + Keys.Enter);
        B.Until(_ => Title() == "Library", "the library");
        Assert.Equal("view-title", Focused());
        B.Until(d => d.FindElement(By.LinkText("keyboard.md")), "the document's link");
        var unlabelled = (string)B.Script("""
            return [...document.querySelectorAll('main input, main select, main textarea')]
              .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id || e.type)
              .concat([...document.querySelectorAll('main button, main a')].filter(e => !(e.textContent.trim() || e.getAttribute('aria-label'))).map(e => e.tagName))
              .join(', ');
            """)!;
        Assert.Equal("", unlabelled);
        Assert.Equal(["files", "search", "keyboard.md"], TabTo(f => f == "keyboard.md", 3));
        Key(Keys.Enter);
        B.Until(_ => Title() == "keyboard.md", "the document view");
        Assert.Equal("view-title", Focused());
        Assert.Equal(["download", "Back to the library", "question"], TabTo(f => f == "question", 3));
        Key("When does the ferry leave?" + Keys.Enter);
        B.Until(d => d.FindElement(By.CssSelector("#citations a.cite")), "the citations");
        TabTo(f => f.StartsWith("p. ", StringComparison.Ordinal), 4);
        Key(Keys.Enter);
        var mark = B.Until(d => d.FindElement(By.CssSelector("#page-text mark")), "the quote marked");
        Assert.Contains("ferry", mark.Text);
        Assert.Equal("page-title", Focused());
        B.Shot("keyboard-cited-page");
        D.FindElement(By.Id("sign-out")).SendKeys(Keys.Enter);
        B.Find("#api-key");
        Assert.Null(B.Script("return sessionStorage.getItem('longdoc.key');"));
    }
}
