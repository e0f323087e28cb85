using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Http;

/// <summary>/v1/collections: per tenant, asked and summarized across their documents, hostile input refused clearly.</summary>
public sealed class CollectionApiTests
{
    const string Vault = "# Vault codes\n\nThe vault code of the north wing is 4417.\n";
    const string Garden = "# Garden notes\n\nThe greenhouse holds forty tomato plants and a lemon tree.\n";

    static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    static async Task<long> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/v1/collections", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(["id", "name", "documents"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, body.GetProperty("documents").GetArrayLength());
        return body.GetProperty("id").GetInt64();
    }

    static async Task<(long Vault, long Garden)> TwoDocumentsAsync(HttpClient client)
    {
        var vault = await ApiServer.UploadAsync(client, "vault.md", Vault);
        var garden = await ApiServer.UploadAsync(client, "garden.md", Garden);
        await ApiServer.WaitForAsync(client, vault, "done");
        await ApiServer.WaitForAsync(client, garden, "done");
        return (vault, garden);
    }

    [Fact]
    public async Task Ask_TwoDocuments_CitationNamesTheDocumentThatHoldsTheAnswer()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client(ApiServer.Key);
        var (vault, garden) = await TwoDocumentsAsync(client);
        var id = await CreateAsync(client, "House");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/v1/collections/{id}/documents/{garden}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/v1/collections/{id}/documents/{vault}", null)).StatusCode);

        var view = await Json(await client.GetAsync($"/v1/collections/{id}"));
        Assert.Equal([(garden, "garden.md", "done"), (vault, "vault.md", "done")],
            view.GetProperty("documents").EnumerateArray().Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("name").GetString(), d.GetProperty("status").GetString())));

        var response = await client.PostAsJsonAsync($"/v1/collections/{id}/ask", new { question = "What is the vault code of the north wing?" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = AskAndChatApiTests.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("done", events[^1].Event);
        Assert.Contains("4417", string.Concat(events.Where(e => e.Event == "answer").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetString())));
        var citations = JsonDocument.Parse(events.Single(e => e.Event == "citations").Data).RootElement;
        Assert.Equal(("extractive", true, id), (citations.GetProperty("mode").GetString(), citations.GetProperty("found").GetBoolean(), citations.GetProperty("collectionId").GetInt64()));
        var first = citations.GetProperty("citations")[0];
        Assert.Equal((vault, "vault.md"), (first.GetProperty("document").GetProperty("id").GetInt64(), first.GetProperty("document").GetProperty("name").GetString()));
        Assert.Equal((1, 1, true), (first.GetProperty("page").GetInt32(), first.GetProperty("lastPage").GetInt32(), first.GetProperty("verified").GetBoolean()));
        Assert.Equal([garden, vault], citations.GetProperty("documentsRead").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Summary_TwoDocuments_OverviewReferencesEachDocumentWithItsId()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client(ApiServer.Key);
        var (vault, garden) = await TwoDocumentsAsync(client);
        var id = await CreateAsync(client, "House");
        await client.PutAsync($"/v1/collections/{id}/documents/{vault}", null);
        await client.PutAsync($"/v1/collections/{id}/documents/{garden}", null);
        var response = await client.PostAsync($"/v1/collections/{id}/summary", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await Json(response);
        Assert.Equal(("House", "extractive", id), (summary.GetProperty("name").GetString(), summary.GetProperty("mode").GetString(), summary.GetProperty("id").GetInt64()));
        Assert.StartsWith("- [D1] vault.md: The vault code of the north wing is 4417.", summary.GetProperty("overview").GetString(), StringComparison.Ordinal);
        var documents = summary.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal([(vault, "D1", "done"), (garden, "D2", "done")],
            documents.Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("label").GetString(), d.GetProperty("status").GetString())));
        Assert.Contains("tomato", documents[1].GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherTenant_EveryCollectionRoute_404AndNothingChanged()
    {
        await using var server = await ApiServer.StartAsync();
        using var alpha = server.Client(ApiServer.Key);
        using var beta = server.Client(ApiServer.OtherKey);
        var (vault, _) = await TwoDocumentsAsync(alpha);
        var id = await CreateAsync(alpha, "Secrets");
        await alpha.PutAsync($"/v1/collections/{id}/documents/{vault}", null);
        var own = await CreateAsync(beta, "Mine");

        var requests = new Func<Task<HttpResponseMessage>>[]
        {
            () => beta.GetAsync($"/v1/collections/{id}"),
            () => beta.DeleteAsync($"/v1/collections/{id}"),
            () => beta.PutAsync($"/v1/collections/{id}/documents/{vault}", null),
            () => beta.DeleteAsync($"/v1/collections/{id}/documents/{vault}"),
            () => beta.PostAsJsonAsync($"/v1/collections/{id}/ask", new { question = "What is the vault code?" }),
            () => beta.PostAsync($"/v1/collections/{id}/summary", null),
            () => beta.PutAsync($"/v1/collections/{own}/documents/{vault}", null),     // alpha's document into beta's collection
        };
        foreach (var request in requests)
        {
            var response = await request();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("not_found", (await Json(response)).GetProperty("error").GetProperty("type").GetString());
        }
        Assert.Equal([own], (await Json(await beta.GetAsync("/v1/collections"))).GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(1, (await Json(await alpha.GetAsync($"/v1/collections/{id}"))).GetProperty("documents").GetArrayLength());
        Assert.Equal(0, (await Json(await beta.GetAsync($"/v1/collections/{own}"))).GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task HostileInput_EachRefusedWithAClearError()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client(ApiServer.Key);
        var id = await CreateAsync(client, "Empty");

        async Task Expect(HttpStatusCode status, string type, string words, Task<HttpResponseMessage> request)
        {
            var response = await request;
            Assert.Equal(status, response.StatusCode);
            var error = (await Json(response)).GetProperty("error");
            Assert.Equal(type, error.GetProperty("type").GetString());
            Assert.Contains(words, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await Expect(HttpStatusCode.Conflict, "empty_collection", "has no documents", client.PostAsJsonAsync($"/v1/collections/{id}/ask", new { question = "Anything?" }));
        await Expect(HttpStatusCode.Conflict, "empty_collection", "has no documents", client.PostAsync($"/v1/collections/{id}/summary", null));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", "\"question\"", client.PostAsJsonAsync($"/v1/collections/{id}/ask", new { question = "  " }));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", "at most 200", client.PostAsJsonAsync("/v1/collections", new { name = new string('x', 201) }));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", "control characters", client.PostAsJsonAsync("/v1/collections", new { name = "a\nb" }));
        await Expect(HttpStatusCode.BadRequest, "invalid_request", "\"name\"", client.PostAsJsonAsync("/v1/collections", new { other = 1 }));
        await Expect(HttpStatusCode.NotFound, "not_found", "no collection 999999", client.GetAsync("/v1/collections/999999"));
        await Expect(HttpStatusCode.NotFound, "not_found", "no document 999999", client.PutAsync($"/v1/collections/{id}/documents/999999", null));
        await Expect(HttpStatusCode.NotFound, "not_found", "no route", client.GetAsync("/v1/collections/abc"));
        await Expect(HttpStatusCode.NotFound, "not_found", "no route", client.PutAsync($"/v1/collections/{id}/documents/-x", null));
        var malformed = await client.PostAsync("/v1/collections", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var doc = await ApiServer.UploadAsync(client, "vault.md", Vault);
        await ApiServer.WaitForAsync(client, doc, "done");
        await client.PutAsync($"/v1/collections/{id}/documents/{doc}", null);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/v1/collections/{id}/documents/{doc}", null)).StatusCode);   // a duplicate add
        Assert.Equal(1, (await Json(await client.GetAsync($"/v1/collections/{id}"))).GetProperty("documents").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/collections/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/collections/{id}")).StatusCode);
        Assert.Equal("done", (await Json(await client.GetAsync($"/v1/documents/{doc}"))).GetProperty("status").GetString());   // documents stay
    }
}
