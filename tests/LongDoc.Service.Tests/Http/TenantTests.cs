using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Http;

/// <summary>Each key's tenant sees its own documents on every route; another tenant's id is a 404 like a missing one.</summary>
public sealed class TenantTests
{
    const string Text = "# Vault codes\n\nThe vault code of the north wing is 4417.\n";

    static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task OtherTenant_EveryDocumentRoute_404WithTheBodyOfAMissingId()
    {
        await using var server = await ApiServer.StartAsync();
        using var alpha = server.Client(ApiServer.Key);
        using var beta = server.Client(ApiServer.OtherKey);
        var id = await ApiServer.UploadAsync(alpha, "vault.md", Text);
        await ApiServer.WaitForAsync(alpha, id, "done");

        var missing = await beta.GetAsync("/v1/documents/999999");
        var get = await beta.GetAsync($"/v1/documents/{id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal((await missing.Content.ReadAsStringAsync()).Replace("999999", id.ToString()), await get.Content.ReadAsStringAsync());
        var ask = await beta.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "What is the vault code?" });
        Assert.Equal(HttpStatusCode.NotFound, ask.StatusCode);
        Assert.Equal("not_found", (await Json(ask)).GetProperty("error").GetProperty("type").GetString());
        Assert.Empty((await Json(await beta.GetAsync("/v1/documents"))).GetProperty("documents").EnumerateArray());

        var own = await alpha.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "What is the vault code?" });
        Assert.Contains("4417", await own.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OtherTenant_SameBytes_NewDocumentOfItsOwn()
    {
        await using var server = await ApiServer.StartAsync();
        using var alpha = server.Client(ApiServer.Key);
        using var beta = server.Client(ApiServer.OtherKey);
        var first = await ApiServer.UploadAsync(alpha, "vault.md", Text);
        await ApiServer.WaitForAsync(alpha, first, "done");
        var second = await ApiServer.UploadAsync(beta, "mine.md", Text);
        Assert.NotEqual(first, second);
        var done = await ApiServer.WaitForAsync(beta, second, "done");
        Assert.Equal("mine.md", done.GetProperty("name").GetString());
        Assert.Contains("> Source: mine.md", done.GetProperty("summary").GetString());
        var again = await beta.PostAsync("/v1/documents", ApiServer.Upload("again.md", Encoding.UTF8.GetBytes(Text)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(second, (await Json(again)).GetProperty("id").GetInt64());
        Assert.Equal([second], (await Json(await beta.GetAsync("/v1/documents"))).GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
        Assert.Equal([first], (await Json(await alpha.GetAsync("/v1/documents"))).GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Metrics_PerTenant_OwnRowsOnlyAdminSeesAll()
    {
        await using var server = await ApiServer.StartAsync();
        using var alpha = server.Client(ApiServer.Key);
        using var beta = server.Client(ApiServer.OtherKey);
        using var admin = server.Client(ApiServer.AdminKey);
        await ApiServer.WaitForAsync(alpha, await ApiServer.UploadAsync(alpha, "a.md", "# A\n\nAlpha.\n"), "done");
        await ApiServer.WaitForAsync(beta, await ApiServer.UploadAsync(beta, "b.md", "# B\n\nBeta.\n"), "done");

        var betaMetrics = await beta.GetStringAsync("/metrics");
        Assert.Contains("longdoc_jobs{tenant=\"beta\",state=\"done\"} 1\n", betaMetrics);
        Assert.DoesNotContain("tenant=\"default\"", betaMetrics);
        var adminMetrics = await admin.GetStringAsync("/metrics");
        Assert.Contains("longdoc_jobs{tenant=\"beta\",state=\"done\"} 1\n", adminMetrics);
        Assert.Contains("longdoc_jobs{tenant=\"default\",state=\"done\"} 1\n", adminMetrics);
        Assert.Equal(2, (await Json(await admin.GetAsync("/v1/documents"))).GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task NoKeyFile_EverythingIsTheDefaultTenant()
    {
        await using var server = await ApiServer.StartAsync(withKeys: false);
        using var client = server.Client(authorized: false);
        await ApiServer.WaitForAsync(client, await ApiServer.UploadAsync(client, "d.md", "# D\n\nDefault.\n"), "done");
        Assert.Contains("longdoc_jobs{tenant=\"default\",state=\"done\"} 1\n", await client.GetStringAsync("/metrics"));
    }
}
