using LongDoc.Tasks.Models.Remote;

namespace LongDoc.Tasks.Tests.Models.Remote;

public class RemoteEndpointTests
{
    [Fact]
    public void Parse_ModelAfterHash_BaseAndModelApart()
    {
        var e = RemoteEndpoint.Parse("http://gpu1:8000/v1#deepseek-ai/DeepSeek-V3");
        Assert.Equal("http://gpu1:8000/v1/", e.BaseUri.ToString());
        Assert.Equal("deepseek-ai/DeepSeek-V3", e.Model);
        Assert.Equal("http://gpu1:8000/v1/chat/completions", e.Route("chat/completions").ToString());
        Assert.Equal("http://gpu1:8000/", e.Root.ToString());
    }

    [Fact]
    public void Parse_NoHash_ModelFromConfigurationOrNone()
    {
        Assert.Null(RemoteEndpoint.Parse("https://gpu1/v1/").Model);
        Assert.Equal("qwen3", RemoteEndpoint.Parse("https://gpu1/v1", model: "qwen3").Model);
        Assert.Equal("named", RemoteEndpoint.Parse("https://gpu1/v1#named", model: "qwen3").Model);
    }

    [Fact]
    public void ToString_UserInfoInUrl_NeverShown()
    {
        var e = RemoteEndpoint.Parse("http://user:sk-secret@gpu1:8000/v1");
        Assert.Equal("http://gpu1:8000/v1", e.ToString());
        Assert.DoesNotContain("sk-secret", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://gpu1/v1")]
    [InlineData("http://")]
    [InlineData("http://gpu1:8000/v1?key=sk-secret")]
    public void Parse_NotAnEndpoint_ArgumentExceptionWithoutSecrets(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => RemoteEndpoint.Parse(value));
        Assert.StartsWith("model endpoint", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://gpu1:8000/v1", true)]
    [InlineData("HTTPS://gpu1/v1", true)]
    [InlineData("/models/qwen3.gguf", false)]
    [InlineData("qwen3:30b", false)]
    public void IsEndpoint_UrlOrPath_OnlyHttpUrls(string value, bool expected) => Assert.Equal(expected, RemoteEndpoint.IsEndpoint(value));
}
