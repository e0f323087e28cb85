using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Tests.Tokenizers;

namespace LongDoc.Runtime.Tests.Chat;

/// <summary>
/// Detection from real template texts and rendering against strings derived by hand from each model's Jinja
/// template (Qwen3's and DeepSeek-V3's are the ones in TestData/tokenizers/*/tokenizer_config.json).
/// </summary>
public class ChatTemplateTests
{
    static string ConfigTemplate(string model) => ChatTemplate.TextFromTokenizerConfig(TokenizerTestData.ConfigPath(model))!;

    const string Llama3Jinja =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + " +
        "'<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}" +
        "{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";
    const string MixtralJinja =
        "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}" +
        "{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";
    const string DeepSeekV2Jinja =
        "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}" +
        "{{ 'User: ' + message['content'] + '\n\n' }}{% elif message['role'] == 'assistant' %}{{ 'Assistant: ' + message['content'] + eos_token }}{% elif message['role'] == 'system' %}" +
        "{{ message['content'] + '\n\n' }}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

    [Fact]
    public void Detect_RealTemplates_RecognisesEachFamily()
    {
        Assert.Equal(ChatTemplateFamily.ChatMl, ChatTemplate.Detect(ConfigTemplate("qwen3")).Family);
        Assert.Equal(ChatTemplateFamily.DeepSeek, ChatTemplate.Detect(ConfigTemplate("deepseek_v3")).Family);
        Assert.Equal(ChatTemplateFamily.Llama3, ChatTemplate.Detect(Llama3Jinja).Family);
        Assert.Equal(ChatTemplateFamily.Mistral, ChatTemplate.Detect(MixtralJinja).Family);
        Assert.Equal(ChatTemplateFamily.DeepSeekV2, ChatTemplate.Detect(DeepSeekV2Jinja).Family);
    }

    [Fact]
    public void Detect_UnknownTemplate_ThrowsNamingTheFlag()
    {
        var e = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Detect("{% for m in messages %}<start_of_turn>{{ m.content }}{% endfor %}", "gemma.gguf"));
        Assert.Contains("gemma.gguf", e.Message);
        Assert.Contains("--chat-template chatml|deepseek|llama3|mistral", e.Message);
    }

    [Fact]
    public void Resolve_NoTemplateAndNoFlag_ThrowsNamingTheFlag()
    {
        var e = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Resolve(null, null, "m.gguf"));
        Assert.Contains("--chat-template", e.Message);
        Assert.Equal(ChatTemplateFamily.Mistral, ChatTemplate.Resolve("anything", "mistral", "m.gguf").Family);
        Assert.Throws<ChatTemplateException>(() => ChatTemplate.FromFlag("vicuna"));
    }

    [Fact]
    public void Render_Qwen3History_DropsEarlierReasoning()
    {
        var t = ChatTemplate.Detect(ConfigTemplate("qwen3"));
        string text = t.Render([ChatMessage.System("You are helpful."), ChatMessage.User("Hi"),
            ChatMessage.Assistant("<think>\nplan\n</think>\n\nHello!"), ChatMessage.User("Bye")], addGenerationPrompt: true);
        Assert.Equal("<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n" +
                     "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n", text);
    }

    [Fact]
    public void Render_Qwen3LastAssistantTurn_KeepsAnEmptyThinkBlock()
    {
        var t = ChatTemplate.FromFlag("chatml");
        Assert.Equal("<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nA<|im_end|>\n",
            t.Render([ChatMessage.User("Q"), ChatMessage.Assistant("A")], addGenerationPrompt: false));
    }

    [Fact]
    public void Render_DeepSeekV3_MatchesTheTemplate()
    {
        var t = ChatTemplate.Detect(ConfigTemplate("deepseek_v3"));
        Assert.Equal("<｜begin▁of▁sentence｜>S1\n\nS2<｜User｜>U1<｜Assistant｜>A1<｜end▁of▁sentence｜><｜User｜>U2<｜Assistant｜>",
            t.Render([ChatMessage.System("S1"), ChatMessage.System("S2"), ChatMessage.User("U1"), ChatMessage.Assistant("A1"), ChatMessage.User("U2")], true));
    }

    [Fact]
    public void Render_DeepSeekR1_StripsReasoningAndOpensThinking()
    {
        var t = ChatTemplate.Detect("{{'<｜Assistant｜>' + content}}{% if '</think>' in content %}{% endif %}{{'<｜Assistant｜><think>\\n'}}");
        Assert.Equal("<｜begin▁of▁sentence｜><｜User｜>U<｜Assistant｜>\n\nA<｜end▁of▁sentence｜><｜Assistant｜><think>\n",
            t.Render([ChatMessage.User("U"), ChatMessage.Assistant("<think>r</think>\n\nA")], true));
    }

    [Fact]
    public void Render_DeepSeekV2_MatchesTheTemplate()
    {
        var t = ChatTemplate.Detect(DeepSeekV2Jinja);
        Assert.Equal("<｜begin▁of▁sentence｜>Sys\n\nUser: U\n\nAssistant: A<｜end▁of▁sentence｜>User: U2\n\nAssistant:",
            t.Render([ChatMessage.System("Sys"), ChatMessage.User("U"), ChatMessage.Assistant("A"), ChatMessage.User("U2")], true));
    }

    [Fact]
    public void Render_Llama3_TrimsContentAndOpensAssistantHeader()
    {
        var t = ChatTemplate.Detect(Llama3Jinja);
        Assert.Equal("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|>" +
                     "<|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            t.Render([ChatMessage.System(" S\n"), ChatMessage.User("U  ")], true));
    }

    [Fact]
    public void Render_Llama31_AddsTheDateSystemHeader()
    {
        var t = ChatTemplate.Detect(Llama3Jinja + "{{- \"Cutting Knowledge Date: December 2023\\n\" }}");
        Assert.Equal("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n" +
                     "Today Date: 26 Jul 2024\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|>",
            t.Render([ChatMessage.User("U")], false));
    }

    [Fact]
    public void Render_Mistral_PutsSystemBeforeFirstUserMessage()
    {
        var t = ChatTemplate.Detect(MixtralJinja);
        Assert.Equal("<s>[INST] S\n\nU1 [/INST]A1</s>[INST] U2 [/INST]",
            t.Render([ChatMessage.System("S"), ChatMessage.User("U1"), ChatMessage.Assistant("A1"), ChatMessage.User("U2")], true));
        Assert.Throws<ChatTemplateException>(() => t.Render([ChatMessage.User("a"), ChatMessage.User("b")], true));
    }

    [Fact]
    public void Render_Qwen3Prompt_TokenizesMarkersAsSpecialTokens()
    {
        var tokenizer = TokenizerTestData.FromJson("qwen3");
        var ids = tokenizer.Encode(ChatTemplate.FromFlag("chatml").RenderPrompt([ChatMessage.User("Hi")], addGenerationPrompt: true));
        Assert.Equal(151_644, ids[0]);                      // <|im_start|>
        Assert.Equal(2, ids.Count(id => id == 151_644)); // user turn and the opened assistant turn
        Assert.Contains(151_645, ids);                      // <|im_end|>
    }
}
