using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LongDoc.Service.Tests.Http;

/// <summary>
/// Concurrent uploads, then concurrent questions, on real Kestrel: every request answered, every answer about the
/// document it was asked of. Bounded (LONGDOC_LOAD_DOCS documents, 24 by default; three questions each); prints
/// latency percentiles.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    static readonly int Docs = int.TryParse(Environment.GetEnvironmentVariable("LONGDOC_LOAD_DOCS"), out var n) ? n : 24;
    const int Concurrency = 8, QuestionsPerDoc = 3;

    static string Text(int i) =>
        $"# Station log {i}\n\n## Supplies\n\nCrate {i} holds {i * 7 + 3} tins of lichen soup.\n\n## Weather\n\nOn day {i} the wind reached {i % 40 + 10} knots.\n";

    [Fact]
    public async Task UploadsAndAsks_Concurrent_NoneLostNoneCrossed()
    {
        await using var server = await ApiServer.StartAsync(new() { ["Jobs:Workers"] = "2" });
        using var client = server.Client();
        var gate = new SemaphoreSlim(Concurrency);
        var uploadMs = new List<double>();
        var ids = await Task.WhenAll(Enumerable.Range(0, Docs).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var clock = Stopwatch.StartNew();
                var response = await client.PostAsync("/v1/documents", ApiServer.Upload($"log{i}.md", Encoding.UTF8.GetBytes(Text(i))));
                lock (uploadMs) uploadMs.Add(clock.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            }
            finally { gate.Release(); }
        }));
        Assert.Equal(Docs, ids.Distinct().Count());
        foreach (var id in ids) await ApiServer.WaitForAsync(client, id, "done", TimeSpan.FromSeconds(120));

        var askMs = new List<double>();
        await Task.WhenAll(Enumerable.Range(0, Docs * QuestionsPerDoc).Select(async q =>
        {
            var i = q % Docs;
            await gate.WaitAsync();
            try
            {
                var clock = Stopwatch.StartNew();
                var response = await client.PostAsJsonAsync($"/v1/documents/{ids[i]}/ask", new { question = $"How many tins of lichen soup does crate {i} hold?" });
                var events = AskAndChatApiTests.Events(await response.Content.ReadAsStringAsync());
                lock (askMs) askMs.Add(clock.Elapsed.TotalMilliseconds);
                var answer = string.Concat(events.Where(e => e.Event == "answer").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetString()));
                Assert.Contains($"{i * 7 + 3} tins", answer);
                Assert.Equal(ids[i], JsonDocument.Parse(events.Single(e => e.Event == "citations").Data).RootElement.GetProperty("documentId").GetInt64());
            }
            finally { gate.Release(); }
        }));
        Assert.Equal(Docs * QuestionsPerDoc, askMs.Count);
        output.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd} {Environment.ProcessorCount} cores, {Docs} uploads + {askMs.Count} asks, concurrency {Concurrency}");
        output.WriteLine($"upload ms: {Percentiles(uploadMs)}");
        output.WriteLine($"ask ms:    {Percentiles(askMs)}");
    }

    static string Percentiles(List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return $"p50 {P(0.50):F0}, p90 {P(0.90):F0}, p99 {P(0.99):F0}, max {sorted[^1]:F0}";
    }
}
