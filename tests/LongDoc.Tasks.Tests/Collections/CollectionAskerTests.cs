using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Collections;
using LongDoc.Tasks.Prompts;
using LongDoc.Tasks.Tests.Models;

namespace LongDoc.Tasks.Tests.Collections;

public sealed class CollectionAskerTests
{
    [Fact]
    public async Task Ask_CollectionFits_EveryDocumentWholeLabelledInOrder()
    {
        var model = new RecordingModel(context: 100_000) { Reply = "Not in the documents." };
        using var search = new CollectionSearch(CollectionSamples.Members());
        var answer = await new CollectionAsker(model, search).AskAsync("Are pets allowed?");

        var prompt = Assert.Single(model.Prompts);
        Assert.Equal(("system", PromptBuilder.AskCollectionSystem), (prompt[0].Role, prompt[0].Content));
        var user = prompt[1].Content;
        var at = CollectionSamples.Files.Select((f, i) => user.IndexOf($"<document id=\"D{i + 1}\" name=\"{f}\">\n[Page 1]", StringComparison.Ordinal)).ToList();
        Assert.All(at, i => Assert.True(i >= 0));
        Assert.Equal(at.Order(), at);
        Assert.EndsWith("</document>\n\nQuestion: Are pets allowed?", user, StringComparison.Ordinal);
        Assert.False(answer.Found);
        Assert.Equal(CollectionSamples.Files, answer.Read.Select(r => r.Document.Name));
        Assert.Equal(Samples.Read(Samples.Report).PageCount, answer.Read[0].Pages.Count);
    }

    [Fact]
    public async Task Ask_ModelCitesDocuments_EachCitationVerifiedAgainstTheDocumentItNames()
    {
        var model = new RecordingModel(context: 100_000)
        {
            Reply = "Okonjo led it \"The drilling project was led by Dr. Amara Okonjo\" [D1, p. 13]; the memo says so too " +
                    "\"The drilling project was led by Dr. Amara Okonjo\" [D2, p. 1].",
        };
        using var search = new CollectionSearch(CollectionSamples.Members());
        var answer = await new CollectionAsker(model, search).AskAsync("Who led the ice core drilling project?");
        Assert.True(answer.Found);
        Assert.Equal(2, answer.Citations.Count);
        Assert.Equal((Samples.Report, 13, true), (answer.Citations[0].Document.Name, answer.Citations[0].Citation.Page, answer.Citations[0].Citation.Verified));
        Assert.Equal((Samples.Memo, false), (answer.Citations[1].Document.Name, answer.Citations[1].Citation.Verified));
    }

    [Fact]
    public async Task Ask_CollectionLongerThanContext_BestDocumentReadFirstWithinTheContext()
    {
        var model = new RecordingModel(context: 2048) { Reply = "x" };
        using var search = new CollectionSearch(CollectionSamples.Members());
        var asker = new CollectionAsker(model, search) { AnswerTokens = 64 };
        const string question = "Who led the ice core drilling project?";
        var reading = asker.Plan(question);
        Assert.Contains(reading.Reads, r => r.Member == 0 && r.Plan.Pages.Contains(13) && !r.Plan.Whole);
        Assert.Equal(reading.Reads.Select(r => r.Member).Order(), reading.Reads.Select(r => r.Member));

        var answer = await asker.AskAsync(question);
        var user = Assert.Single(model.Prompts)[1].Content;
        Assert.Contains("The drilling project was led by Dr. Amara Okonjo", user, StringComparison.Ordinal);
        Assert.Contains("Of D1, only the parts most relevant to the question are shown", user, StringComparison.Ordinal);
        Assert.True(model.CountPromptTokens(model.Prompts[0]) + asker.AnswerTokens <= model.ContextSize);
        Assert.Equal(reading.Reads.Select(r => search.Members[r.Member].Ref.Name), answer.Read.Select(r => r.Document.Name));
    }

    [Fact]
    public async Task Ask_NoDocumentHasText_ModelNotCalledNotFound()
    {
        var model = new RecordingModel(context: 100_000) { Reply = "invented" };
        using var search = new CollectionSearch([new CollectionMember(new DocumentRef("/x/scan.pdf", "scan.pdf"), Documents.Scanned(2))]);
        var answer = await new CollectionAsker(model, search).AskAsync("Anything?");
        Assert.Empty(model.Prompts);
        Assert.False(answer.Found);
        Assert.Equal(TaskMode.Model, answer.Mode);
    }

    [Fact]
    public void AskCollection_NameWithQuotesAndBrackets_CannotCloseItsTag()
    {
        var messages = PromptBuilder.AskCollection([("D1", "a\"b<c>\nd.pdf", "text", null)], "q");
        Assert.StartsWith("<document id=\"D1\" name=\"a'b(c) d.pdf\">\ntext\n</document>", messages[1].Content, StringComparison.Ordinal);
        Assert.Equal("user", messages[1].Role);
    }
}
