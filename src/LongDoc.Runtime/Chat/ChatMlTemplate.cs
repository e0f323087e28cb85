namespace LongDoc.Runtime.Chat;

/// <summary>
/// ChatML as Qwen3's template writes it: a leading system message first, then &lt;|im_start|&gt;role\n...&lt;|im_end|&gt;\n
/// per turn. Assistant turns drop their &lt;think&gt; reasoning, except turns after the last user message, which keep
/// it in a &lt;think&gt;...&lt;/think&gt; block (always for the last message). Plain ChatML templates (Qwen2) give the
/// same text for turns without reasoning.
/// </summary>
public sealed class ChatMlTemplate : ChatTemplate
{
    public override ChatTemplateFamily Family => ChatTemplateFamily.ChatMl;

    protected override void Write(PromptWriter sb, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        RequireRoles(messages, "ChatML");
        if (messages.Count > 0 && messages[0].Role == "system") sb.Markup("<|im_start|>system\n").Content(messages[0].Content).Markup("<|im_end|>\n");
        int lastQuery = messages.Count - 1;
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == "user" && !IsToolResponse(messages[i].Content)) { lastQuery = i; break; }
        }
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.Role == "user" || (m.Role == "system" && i > 0))
            {
                sb.Markup($"<|im_start|>{m.Role}\n").Content(m.Content).Markup("<|im_end|>\n");
                continue;
            }
            if (m.Role != "assistant") continue;
            var (reasoning, content) = SplitThinking(m.Content);
            if (i > lastQuery && (i == messages.Count - 1 || reasoning.Length > 0))
                sb.Markup("<|im_start|>assistant\n<think>\n").Content(reasoning.Trim('\n')).Markup("\n</think>\n\n").Content(content.TrimStart('\n'));
            else
                sb.Markup("<|im_start|>assistant\n").Content(content);
            sb.Markup("<|im_end|>\n");
        }
        if (addGenerationPrompt) sb.Markup("<|im_start|>assistant\n");
    }

    static bool IsToolResponse(string content) => content.StartsWith("<tool_response>") && content.EndsWith("</tool_response>");

    // content.split('</think>')[-1].lstrip('\n') and content.split('</think>')[0].rstrip('\n').split('<think>')[-1].lstrip('\n')
    static (string Reasoning, string Content) SplitThinking(string text)
    {
        if (!text.Contains("</think>")) return ("", text);
        var parts = text.Split("</think>");
        string content = parts[^1].TrimStart('\n');
        string reasoning = parts[0].TrimEnd('\n').Split("<think>")[^1].TrimStart('\n');
        return (reasoning, content);
    }
}
