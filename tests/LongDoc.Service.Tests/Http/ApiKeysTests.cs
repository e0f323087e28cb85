using System.Net;
using LongDoc.Service.Http;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Http;

/// <summary>The key file's format (whole-line comments, tenants, admin, minimum length) and the Bearer check.</summary>
public sealed class ApiKeysTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-keys-");

    string KeyFile(string text)
    {
        var path = Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Match_HashInsideTheKey_PartOfTheKeyNotAComment()
    {
        var keys = new ApiKeys(KeyFile("pass#word-long-secret-123\n"));
        Assert.Null(keys.Match("Bearer pass"));
        Assert.NotNull(keys.Match("Bearer pass#word-long-secret-123"));
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("Bearer")]
    public void Match_SchemeInAnyCase_Accepted(string scheme)
    {
        var keys = new ApiKeys(KeyFile("# ours\n0123456789abcdef\n"));
        Assert.Equal("default", keys.Match($"{scheme} 0123456789abcdef")!.Tenant);
        Assert.Null(keys.Match("Basic 0123456789abcdef"));
    }

    [Fact]
    public void Read_TenantAndAdmin_FromTheLine()
    {
        var (keys, failures) = LongDoc.Service.Http.KeyFile.Read(KeyFile("  # comment line\nkey-of-alpha-000001 alpha\n\nkey-of-the-admin-01 ops admin\nkey-of-default-0001\n"));
        Assert.Empty(failures);
        Assert.Equal([("alpha", false), ("ops", true), ("default", false)], keys.Select(k => (k.Tenant, k.Admin)));
    }

    [Fact]
    public void Read_ShortKey_RefusedNamingFileAndLineNotTheKey()
    {
        var path = KeyFile("# keys\nshort-key-123\n");
        var failure = Assert.Single(LongDoc.Service.Http.KeyFile.Read(path).Failures);
        Assert.Equal($"Http:KeyFile: {path} line 2: the key has 13 characters; a key needs at least 16", failure);
        Assert.DoesNotContain("short-key-123", failure);
    }

    [Theory]
    [InlineData("0123456789abcdef # the build server\n", "expected KEY [TENANT] [admin]")]
    [InlineData("0123456789abcdef team/../x\n", "the tenant name must be")]
    [InlineData("0123456789abcdef a\n0123456789abcdef b\n", "line 2: repeats the key of line 1")]
    public void Read_MalformedLine_RefusedWithTheReason(string text, string reason)
    {
        Assert.Contains(reason, Assert.Single(LongDoc.Service.Http.KeyFile.Read(KeyFile(text)).Failures));
    }

    [Fact]
    public void Read_OnlyBlanksAndComments_OneClearFailure()
    {
        var path = KeyFile("\n# nothing yet\n   \n");
        Assert.Equal($"Http:KeyFile: {path} holds no key (one line per key: KEY [TENANT] [admin]; '#' starts a comment line)",
            Assert.Single(LongDoc.Service.Http.KeyFile.Read(path).Failures));
    }

    [Fact]
    public void Serve_EmptyKeyFile_OneLineErrorAndUsageExit()
    {
        var path = KeyFile("# no keys yet\n");
        var state = Path.Combine(_dir.FullName, "state");
        using var serve = new LongDocProcess(null, "serve", "--keys", path, "--state", state, "--retrieval", "lexical", "--urls", "http://127.0.0.1:0");
        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains($"longdoc: invalid configuration: Http:KeyFile: {path} holds no key", serve.Stderr);
        Assert.DoesNotContain("   at ", serve.Stderr);
    }

    [Fact]
    public async Task Api_LowerCaseScheme_Accepted()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client(authorized: false);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer " + ApiServer.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/documents")).StatusCode);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
