using System.Text;
using System.Text.Json;
using LongDoc.Tasks.Models;
using LongDoc.Testing.Engines;
using static LongDoc.Tasks.Tests.Models.Remote.RemoteDocumentModelTests;

namespace LongDoc.Tasks.Tests.Models.Remote;

/// <summary>
/// The engine's prefix cache (vLLM's automatic prefix caching, llama-server's slots) reuses a document only if
/// every request about it starts with the same bytes: the document first, the question last.
/// </summary>
public class RemotePrefixTests
{
    [Fact]
    public async Task Ask_TwoQuestions_RequestBodiesIdenticalToTheByteUpToTheQuestion()
    {
        var document = Documents.FromPages("The station opened in 1987 on the north ridge.", "Its satellite link gives 40 megabits per second.");
        using var engine = Engine(EngineReply.Models(8192, "m"), _ => EngineReply.Answer("It opened in 1987 [p. 1]."));
        using var model = await Open(engine);
        var asker = new ModelAsker(model, document) { AnswerTokens = 64 };
        string[] questions = ["When did the station open?", "How fast is the link?"];
        foreach (var q in questions) await asker.AskAsync(q);

        var bodies = engine.Chats.Select(r => Encoding.UTF8.GetBytes(r.Body)).ToArray();
        var cuts = questions.Select((q, i) => Find(bodies[i], Escaped("Question: " + q))).ToArray();
        Assert.All(cuts, c => Assert.True(c > 0));
        Assert.Equal(cuts[0], cuts[1]);
        Assert.True(bodies[0].AsSpan(0, cuts[0]).SequenceEqual(bodies[1].AsSpan(0, cuts[1])), "the bytes before the questions differ");
        var prefix = Encoding.UTF8.GetString(bodies[0], 0, cuts[0]);
        Assert.Contains("40 megabits per second", prefix, StringComparison.Ordinal);      // the whole document is in it
    }

    // The question as it appears inside a JSON string (without the quotes).
    static byte[] Escaped(string text) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text)[1..^1]);

    static int Find(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
