using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Prompts;

namespace LongDoc.Tasks.Tests.Models;

public sealed class ModelAskerTests(RandomModelFixture fixture) : IClassFixture<RandomModelFixture>
{
    [Fact]
    public async Task Ask_WholeDocumentFits_PromptHoldsDocumentWithPageMarkers()
    {
        var document = Samples.Read(Samples.Faq);
        using var runtime = fixture.Open(8192);
        var model = new RecordingModel(runtime);
        var asker = new ModelAsker(model, document) { AnswerTokens = 8 };
        var answer = await asker.AskAsync("What is the minimum age for visitors?");

        var prompt = Assert.Single(model.Prompts);
        Assert.Equal(("system", PromptBuilder.AskSystem), (prompt[0].Role, prompt[0].Content));
        var user = prompt[1].Content;
        Assert.StartsWith("<document>\n[Page 1]\n# Visiting Vellmark Station", user, StringComparison.Ordinal);
        Assert.Contains("Visitors must be at least 21 years old", user, StringComparison.Ordinal);
        Assert.EndsWith("</document>\n\nQuestion: What is the minimum age for visitors?", user, StringComparison.Ordinal);

        Assert.Equal(TaskMode.Model, answer.Mode);
        Assert.Equal([1], answer.PagesRead);
        var verifier = new CitationVerifier(document);
        Assert.All(answer.Citations, c => Assert.Equal(verifier.IsOnPage(c.Quote, c.Page), c.Verified));
        // Prefilled in slices, reported up to the whole prompt.
        Assert.True(model.Prefills.Count > 1);
        Assert.Equal(model.Prefills[^1].Total, model.Prefills[^1].Done);
    }

    [Fact]
    public async Task Ask_DocumentLongerThanContext_RankedSectionsFillTheBudget()
    {
        var document = Samples.Read(Samples.Report);
        using var runtime = fixture.Open(1536);
        var model = new RecordingModel(runtime);
        var asker = new ModelAsker(model, document) { AnswerTokens = 8 };
        var plan = asker.Plan("Who led the ice core drilling project?");
        Assert.False(plan.Whole);
        Assert.Contains(13, plan.Pages);
        Assert.True(plan.Pages.Count < document.PageCount);

        var answer = await asker.AskAsync("Who led the ice core drilling project?");
        Assert.Equal(plan.Pages, answer.PagesRead);
        var user = Assert.Single(model.Prompts)[1].Content;
        Assert.Contains("The drilling project was led by Dr. Amara Okonjo", user, StringComparison.Ordinal);
        Assert.Contains("(pages " + PageList.Format(plan.Pages) + ")", user, StringComparison.Ordinal);
        Assert.True(runtime.CountPromptTokens(model.Prompts[0]) + asker.AnswerTokens <= runtime.ContextSize);
    }

    [Fact]
    public async Task Ask_ModelQuotesPages_CitationsParsedAndChecked()
    {
        var document = Samples.Read(Samples.Report);
        var model = new RecordingModel(context: 100_000)
        {
            Reply = "Dr. Amara Okonjo \"The drilling project was led by Dr. Amara Okonjo\" [p. 13]. She was born on Mars \"born on Mars\" [p. 2].",
        };
        var answer = await new ModelAsker(model, document).AskAsync("Who led the ice core drilling project?");
        Assert.True(answer.Found);
        Assert.Equal(2, answer.Citations.Count);
        Assert.Equal((13, "4 Glaciology > 4.2 Ice Core Drilling", true), (answer.Citations[0].Page, answer.Citations[0].Section, answer.Citations[0].Verified));
        Assert.False(answer.Citations[1].Verified);
        Assert.Equal(document.PageCount, answer.PagesRead.Count);
    }

    [Fact]
    public async Task Ask_ModelSaysNotInDocument_NotFound()
    {
        var model = new RecordingModel(context: 100_000) { Reply = "Not in the document." };
        var answer = await new ModelAsker(model, Samples.Read(Samples.Faq)).AskAsync("Are pets allowed?");
        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task Ask_SecondQuestion_DocumentPrefixNotPrefilledAgain()
    {
        var document = Samples.Read(Samples.Faq);
        using var runtime = fixture.Open(8192);
        var model = new RecordingModel(runtime);
        var asker = new ModelAsker(model, document) { AnswerTokens = 4 };
        await asker.AskAsync("What is the minimum age for visitors?");
        int firstReports = model.Prefills.Count;
        const string question = "How fast is the internet connection?";
        await asker.AskAsync(question);
        // The first question is prefilled slice by slice; the second starts with the document already in the cache
        // (first report: the reused prefix) and only runs the question: at most a token per character of it, plus
        // the turn's markers, is left.
        Assert.True(firstReports > 2, $"{firstReports} reports");
        var second = model.Prefills.Skip(firstReports).ToList();
        Assert.InRange(second.Count, 1, 2);
        Assert.All(second, p => Assert.True(p.Total - p.Done <= question.Length + 48, $"{p.Done} of {p.Total} tokens"));
    }
}
