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

    protected override void Write(PromptWriter sb, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        RequireRoles(messages, "DeepSeek");
        sb.Markup(Bos);
        var systems = messages.Where(m => m.Role == "system").ToList();
        for (int i = 0; i < systems.Count; i++) sb.Markup(i > 0 ? "\n\n" : "").Content(systems[i].Content);
        foreach (var m in messages)
        {
            if (m.Role == "user") sb.Markup("<｜User｜>").Content(m.Content);
            else if (m.Role == "assistant")
            {
                string content = stripThinking && m.Content.Contains("</think>") ? m.Content.Split("</think>")[^1] : m.Content;
                sb.Markup("<｜Assistant｜>").Content(content).Markup(Eos);
            }
        }
        if (addGenerationPrompt) sb.Markup(thinkOnGenerate ? "<｜Assistant｜><think>\n" : "<｜Assistant｜>");
    }
}

/// <summary>DeepSeek-LLM / DeepSeek-V2-Chat: BOS, "User: text\n\n", "Assistant: text" + EOS, system text + "\n\n".</summary>
public sealed class DeepSeekV2Template : ChatTemplate
{
    public override ChatTemplateFamily Family => ChatTemplateFamily.DeepSeekV2;

    // role -> (markup before, markup after) the message's text
    static readonly Dictionary<string, (string Before, string After)> Turns = new()
    {
        ["user"] = ("User: ", "\n\n"), ["assistant"] = ("Assistant: ", DeepSeekTemplate.Eos), ["system"] = ("", "\n\n"),
    };

    protected override void Write(PromptWriter sb, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        RequireRoles(messages, "DeepSeek-V2");
        sb.Markup(DeepSeekTemplate.Bos);
        foreach (var m in messages) sb.Markup(Turns[m.Role].Before).Content(m.Content).Markup(Turns[m.Role].After);
        if (addGenerationPrompt) sb.Markup("Assistant:");
    }
}
