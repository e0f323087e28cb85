namespace LongDoc.Runtime.Chat;

/// <summary>
/// Mistral / Mixtral Instruct: &lt;s&gt;, "[INST] user [/INST]" then "answer&lt;/s&gt;", roles alternating from user.
/// Mixtral's template refuses system messages; we put a system message in front of the first user message,
/// separated by a blank line (what Mistral's later templates do). The assistant turn needs no opening text, so
/// addGenerationPrompt changes nothing.
/// </summary>
public sealed class MistralTemplate : ChatTemplate
{
    public override ChatTemplateFamily Family => ChatTemplateFamily.Mistral;

    protected override void Write(PromptWriter sb, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        RequireRoles(messages, "Mistral");
        string? system = messages.Count > 0 && messages[0].Role == "system" ? messages[0].Content : null;
        var turns = messages.Skip(system != null ? 1 : 0).ToList();
        sb.Markup("<s>");
        for (int i = 0; i < turns.Count; i++)
        {
            var m = turns[i];
            string expected = i % 2 == 0 ? "user" : "assistant";
            if (m.Role != expected)
                throw new ChatTemplateException($"Mistral template: conversation roles must alternate user/assistant/... (turn {i} is '{m.Role}')");
            if (m.Role == "user" && i == 0 && system != null)
                sb.Markup("[INST] ").Content(system).Markup("\n\n").Content(m.Content).Markup(" [/INST]");
            else if (m.Role == "user")
                sb.Markup("[INST] ").Content(m.Content).Markup(" [/INST]");
            else
                sb.Content(m.Content).Markup("</s>");
        }
    }
}
