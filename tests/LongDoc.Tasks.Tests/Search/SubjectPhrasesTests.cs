using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Tests.Search;

public sealed class SubjectPhrasesTests
{
    static readonly HashSet<string> Subject = [.. QueryTerms.Extract("Vellmark Station - Annual Report 2025")];

    [Theory]
    [InlineData("When was Vellmark Station founded?", "When was founded?")]
    [InlineData("What are the coordinates of Vellmark Station?", "What are the coordinates?")]
    [InlineData("What is Vellmark Station's radio call sign?", "What is radio call sign?")]
    [InlineData("How many people spent the 2025 winter at Vellmark Station?", "How many people spent the 2025 winter?")]
    [InlineData("Who led the Western Traverse?", "Who led the Western Traverse?")]              // not title words
    [InlineData("Where is the largest moss bank on Skarn Island?", "Where is the largest moss bank on Skarn Island?")]
    [InlineData("Who wrote the Annual Report?", "Who wrote the?")]
    public void Remove_CapitalisedTitleWords_TakenOutWithTheirPreposition(string question, string expected) =>
        Assert.Equal(expected, SubjectPhrases.Remove(question, Subject));

    [Theory]
    [InlineData("Vellmark Station?")]          // nothing else would be left
    [InlineData("Station rules?")]             // the first word is not taken for a name
    public void Remove_NothingLeftOrFirstWord_QuestionUnchanged(string question) =>
        Assert.Equal(question, SubjectPhrases.Remove(question, Subject));

    [Fact]
    public void Remove_NoSubject_QuestionUnchanged() =>
        Assert.Equal("When was Vellmark Station founded?", SubjectPhrases.Remove("When was Vellmark Station founded?", new HashSet<string>()));
}
