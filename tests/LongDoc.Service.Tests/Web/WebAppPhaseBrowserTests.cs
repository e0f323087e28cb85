using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace LongDoc.Service.Tests.Web;

/// <summary>
/// The library's status cell follows a document's phase as the page refreshes: a summarizer held at gates by the test
/// (<see cref="GatedSummarizer"/>) keeps each phase until the browser has shown it.
/// </summary>
public sealed class WebAppPhaseBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Library_DocumentSummarizedInPieces_StatusShowsEachPhaseThenDone()
    {
        using var browser = Browser.Start("webapp-phase", out var why);
        if (browser is null) { output.WriteLine($"no browser outside CI ({why}): nothing driven, nothing checked"); return; }
        var summarizer = new GatedSummarizer();
        await using var server = await ApiServer.StartAsync(replace: s => s.AddSingleton<IDocumentSummarizer>(summarizer));
        // Uploaded first: the library keeps refreshing while a document it lists is queued or processing.
        using var client = server.Client();
        await ApiServer.UploadAsync(client, "pieces.md", "# Pieces\n\nThe first piece.\n\n# More\n\nThe second piece.\n");
        browser.Driver.Navigate().GoToUrl(server.BaseAddress);
        browser.Find("#api-key").SendKeys(ApiServer.Key + Keys.Enter);

        string Status() => (string?)browser.Script(
            "const r = document.querySelector('#documents tbody tr'); return r ? r.cells[1].textContent : '';") ?? "";
        browser.Until(_ => Status() == "processing: summarizing 1/2", "the first piece's phase");
        browser.Shot("phase-piece-1");
        summarizer.First.SetResult();
        browser.Until(_ => Status() == "processing: summarizing 2/2", "the second piece's phase");
        summarizer.Second.SetResult();
        browser.Until(_ => Status() == "done", "done after the last piece");
    }
}
