using LongDoc.Runtime.Generation;
using LongDoc.Testing.Engines;
using static LongDoc.Tasks.Tests.Models.Remote.RemoteDocumentModelTests;

namespace LongDoc.Tasks.Tests.Models.Remote;

/// <summary>
/// The streamed chat chunks of three engines, parsed by the remote model. The fixtures are written from the engines'
/// documentation and source (vLLM's OpenAI server, llama.cpp's tools/server README, Ollama's docs/openai.md), not
/// captured here (no engine runs on the test machine); the llama-server and Ollama ones were checked field by field
/// against traffic other projects logged from real engines (llama-server b6097/b6881: the null first content, the
/// empty finish delta with usage and timings, reasoning_content deltas of reasoning models; Ollama: fp_ollama, the
/// role in every delta). Each keeps the traits that differ between them.
/// </summary>
public class RemoteChunkFormatTests
{
    // vLLM: a first chunk with the role and empty content; "logprobs": null and "stop_reason" on each choice; the
    // finish chunk with empty content; with stream_options.include_usage a last chunk whose choices are empty.
    static readonly string[] Vllm =
    [
        """{"id":"chatcmpl-8f1c","object":"chat.completion.chunk","created":1733580000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-8f1c","object":"chat.completion.chunk","created":1733580000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":"The station"},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-8f1c","object":"chat.completion.chunk","created":1733580000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":" opened in 1987 [p. 5]."},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-8f1c","object":"chat.completion.chunk","created":1733580000,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}""",
        """{"id":"chatcmpl-8f1c","object":"chat.completion.chunk","created":1733580000,"model":"Qwen/Qwen3-8B","choices":[],"usage":{"prompt_tokens":1200,"total_tokens":1212,"completion_tokens":12}}""",
        "[DONE]",
    ];

    // llama-server: "choices" first, a "system_fingerprint" of its build, an empty delta at the finish, which also
    // carries "usage" and its own "timings".
    static readonly string[] LlamaServer =
    [
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1733580000,"id":"chatcmpl-Qx2","model":"gpt-3.5-turbo","system_fingerprint":"b4273-6c5bc062","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"The station"}}],"created":1733580000,"id":"chatcmpl-Qx2","model":"gpt-3.5-turbo","system_fingerprint":"b4273-6c5bc062","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"content":" opened in 1987 [p. 5]."}}],"created":1733580000,"id":"chatcmpl-Qx2","model":"gpt-3.5-turbo","system_fingerprint":"b4273-6c5bc062","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1733580000,"id":"chatcmpl-Qx2","model":"gpt-3.5-turbo","system_fingerprint":"b4273-6c5bc062","object":"chat.completion.chunk","usage":{"completion_tokens":12,"prompt_tokens":1200,"total_tokens":1212},"timings":{"prompt_n":1200,"prompt_ms":812.5,"predicted_n":12,"predicted_ms":240.1}}""",
        "[DONE]",
    ];

    // Ollama's /v1: "system_fingerprint":"fp_ollama", the role repeated in every delta, the finish chunk with empty content.
    static readonly string[] Ollama =
    [
        """{"id":"chatcmpl-421","object":"chat.completion.chunk","created":1733580000,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"The station"},"finish_reason":null}]}""",
        """{"id":"chatcmpl-421","object":"chat.completion.chunk","created":1733580000,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":" opened in 1987 [p. 5]."},"finish_reason":null}]}""",
        """{"id":"chatcmpl-421","object":"chat.completion.chunk","created":1733580000,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}""",
        "[DONE]",
    ];

    // llama-server with a reasoning model: the thinking streams as "reasoning_content" deltas without "content"
    // before the answer; only the answer is the model's text.
    static readonly string[] LlamaServerReasoning =
    [
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1762593253,"id":"chatcmpl-Rz1","model":"gpt-oss:20b","system_fingerprint":"b6881-8b11deea4","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"reasoning_content":"The user asks when"}}],"created":1762593253,"id":"chatcmpl-Rz1","model":"gpt-oss:20b","system_fingerprint":"b6881-8b11deea4","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"The station opened in 1987 [p. 5]."}}],"created":1762593253,"id":"chatcmpl-Rz1","model":"gpt-oss:20b","system_fingerprint":"b6881-8b11deea4","object":"chat.completion.chunk"}""",
        """{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1762593253,"id":"chatcmpl-Rz1","model":"gpt-oss:20b","system_fingerprint":"b6881-8b11deea4","object":"chat.completion.chunk","usage":{"completion_tokens":40,"prompt_tokens":1200,"total_tokens":1240}}""",
        "[DONE]",
    ];

    public static TheoryData<string> Engines => ["vllm", "llama-server", "llama-server-reasoning", "ollama"];

    static readonly Dictionary<string, string[]> Fixtures = new()
    {
        ["vllm"] = Vllm, ["llama-server"] = LlamaServer, ["llama-server-reasoning"] = LlamaServerReasoning, ["ollama"] = Ollama,
    };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task ChatAsync_EngineChunkFormat_TextAndFinishReason(string name)
    {
        using var engine = Engine(EngineReply.Models(8192, "m"), _ => EngineReply.Sse(Fixtures[name]));
        using var model = await Open(engine);
        var (text, finish) = await Answer(model);
        Assert.Equal("The station opened in 1987 [p. 5].", text);
        Assert.Equal(FinishReason.Stop, finish);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task ChatAsync_LengthFinish_ReportedAsLength(string name)
    {
        var chunks = Fixtures[name].Select(c => c.Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"", StringComparison.Ordinal)).ToArray();
        using var engine = Engine(EngineReply.Models(8192, "m"), _ => EngineReply.Sse(chunks));
        using var model = await Open(engine);
        Assert.Equal(FinishReason.Length, (await Answer(model)).Finish);
    }
}
