using System.Text;

namespace LongDoc.Runtime.Chat;

/// <summary>
/// DeepSeek-V3 / R1: BOS, all system messages joined by blank lines, then &lt;｜User｜&gt;text and
/// &lt;｜Assistant｜&gt;text&lt;｜end▁of▁sentence｜&gt;. R1's template (it mentions &lt;/think&gt;) keeps only what follows
/// &lt;/think&gt; of earlier answers, and its later revision opens the answer with &lt;think&gt;\n.
/// </summary>
public sealed class DeepSeekTemplate(bool stripThinking, bool thinkOnGenerate) : ChatTemplate
{
    public const string Bos = "<｜begin▁of▁sentence｜>", Eos = "<｜end▁of▁sentence｜>";

    public override ChatTemplateFamily Family => ChatTemplateFamily.DeepSeek;

    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        RequireRoles(messages, "DeepSeek");
        var sb = new StringBuilder(Bos);
        sb.AppendJoin("\n\n", messages.Where(m => m.Role == "system").Select(m => m.Content));
        foreach (var m in messages)
        {
            if (m.Role == "user") sb.Append("<｜User｜>").Append(m.Content);
            else if (m.Role == "assistant")
            {
                string content = stripThinking && m.Content.Contains("</think>") ? m.Content.Split("</think>")[^1] : m.Content;
                sb.Append("<｜Assistant｜>").Append(content).Append(Eos);
            }
        }
        if (addGenerationPrompt) sb.Append(thinkOnGenerate ? "<｜Assistant｜><think>\n" : "<｜Assistant｜>");
        return sb.ToString();
    }
}

/// <summary>DeepSeek-LLM / DeepSeek-V2-Chat: BOS, "User: text\n\n", "Assistant: text" + EOS, system text + "\n\n".</summary>
public sealed class DeepSeekV2Template : ChatTemplate
{
    public override ChatTemplateFamily Family => ChatTemplateFamily.DeepSeekV2;

    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        RequireRoles(messages, "DeepSeek-V2");
        var sb = new StringBuilder(DeepSeekTemplate.Bos);
        foreach (var m in messages)
        {
            sb.Append(m.Role switch
            {
                "user" => $"User: {m.Content}\n\n",
                "assistant" => $"Assistant: {m.Content}{DeepSeekTemplate.Eos}",
                _ => $"{m.Content}\n\n",
            });
        }
        if (addGenerationPrompt) sb.Append("Assistant:");
        return sb.ToString();
    }
}
