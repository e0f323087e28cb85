namespace LongDoc.Runtime.Chat;

/// <summary>
/// Llama 3: &lt;|begin_of_text|&gt;, then &lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n + trimmed text + &lt;|eot_id|&gt;
/// per turn. Llama 3.1's template (it mentions "Cutting Knowledge Date") always opens with a system turn holding
/// the knowledge and today dates (its defaults: December 2023, 26 Jul 2024) and then the system message.
/// </summary>
public sealed class Llama3Template(bool dateHeader) : ChatTemplate
{
    public const string Bos = "<|begin_of_text|>";

    public override ChatTemplateFamily Family => ChatTemplateFamily.Llama3;

    protected override void Write(PromptWriter sb, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        RequireRoles(messages, "Llama 3");
        var turns = messages.AsEnumerable();
        if (dateHeader)
        {
            bool hasSystem = messages.Count > 0 && messages[0].Role == "system";
            sb.Markup(Bos).Markup("<|start_header_id|>system<|end_header_id|>\n\n")
              .Markup("Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n")
              .Content(hasSystem ? messages[0].Content.Trim() : "").Markup("<|eot_id|>");
            if (hasSystem) turns = turns.Skip(1);
        }
        else if (messages.Count > 0) sb.Markup(Bos);
        foreach (var m in turns) sb.Markup($"<|start_header_id|>{m.Role}<|end_header_id|>\n\n").Content(m.Content.Trim()).Markup("<|eot_id|>");
        if (addGenerationPrompt) sb.Markup("<|start_header_id|>assistant<|end_header_id|>\n\n");
    }
}
