using System.Text;
using LongDoc.Runtime.Chat;

namespace LongDoc.Tasks.Models;

/// <summary>One answer from the model: the prompt's prefill reported as "reading" over <c>pages</c> pages, each piece
/// of text handed to <c>onText</c> as it comes; the whole answer, trimmed.</summary>
public static class AnswerReading
{
    public static async Task<string> ReadAsync(IDocumentModel model, IReadOnlyList<ChatMessage> messages, int maxTokens, int pages,
        Action<string>? onText, IProgress<TaskProgress>? progress, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var chunk in model.ChatAsync(messages, maxTokens,
            (done, total, elapsed) => progress?.Report(Progress.Prefill("reading", done, total, elapsed, pages)), cancellationToken))
        {
            if (chunk.Text.Length == 0) continue;
            text.Append(chunk.Text);
            onText?.Invoke(chunk.Text);
        }
        return text.ToString().Trim();
    }
}
