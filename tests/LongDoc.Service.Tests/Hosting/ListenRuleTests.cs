using System.Net;
using System.Net.Sockets;
using LongDoc.Service.Hosting;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>Tests that set the process's environment or current folder run alone (no other host is built meanwhile).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettings
{
    public const string Name = "process-wide settings";
}

/// <summary>
/// Serve listens beyond loopback only with a key file, whichever source names the address. Hosts are built, never
/// started: the rule is checked when the host is built (its options validated), so nothing binds in these tests.
/// </summary>
[Collection(ProcessWideSettings.Name)]
public sealed class ListenRuleTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-listen-");
    readonly int _port = FreePort();

    string Wide => $"http://0.0.0.0:{_port}";

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    Dictionary<string, string?> Settings(bool withKeys)
    {
        var keys = Path.Combine(_dir.FullName, "keys");
        File.WriteAllText(keys, "listen-test-key-0001 alpha\n");
        return new() { ["Jobs:StateFolder"] = Path.Combine(_dir.FullName, "state"), ["Http:KeyFile"] = withKeys ? keys : null };
    }

    /// <summary>Builds serve's host (which validates the options) and disposes it unstarted; the failures when refused.</summary>
    IReadOnlyList<string> Build(string[] args, bool withKeys, Dictionary<string, string?>? more = null)
    {
        var settings = Settings(withKeys);
        foreach (var (k, v) in more ?? []) settings[k] = v;
        try
        {
            var app = LongDocHost.BuildServe(args, settings, new Dictionary<string, string?>());
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return [];
        }
        catch (OptionsValidationException e) { return [.. e.Failures]; }
        finally { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); }
    }

    void AssertRefusedThenAccepted(string key, string source, Func<bool, IReadOnlyList<string>> build)
    {
        var failure = Assert.Single(build(false));
        Assert.StartsWith($"{key}: {Wide} (from {source}", failure);
        Assert.Contains("is reachable from other machines; set Http:KeyFile", failure);
        Assert.Empty(build(true));
    }

    [Fact]
    public void KestrelEndpoint_CommandLine_RefusedWithoutKeysAcceptedWithKeys() =>
        AssertRefusedThenAccepted("Kestrel:Endpoints:A:Url", "CommandLineConfigurationProvider",
            keys => Build([$"--Kestrel:Endpoints:A:Url={Wide}"], keys));

    [Fact]
    public void KestrelEndpoint_EnvironmentVariable_RefusedWithoutKeysAcceptedWithKeys()
    {
        Environment.SetEnvironmentVariable("LONGDOC__Kestrel__Endpoints__A__Url", Wide);
        try { AssertRefusedThenAccepted("Kestrel:Endpoints:A:Url", "EnvironmentVariablesConfigurationProvider", keys => Build([], keys)); }
        finally { Environment.SetEnvironmentVariable("LONGDOC__Kestrel__Endpoints__A__Url", null); }
    }

    [Fact]
    public void KestrelEndpoint_LongDocConfigFile_RefusedWithoutKeysAcceptedWithKeys()
    {
        var json = Path.Combine(_dir.FullName, "serve.json");
        File.WriteAllText(json, $$"""{ "Kestrel": { "Endpoints": { "Public": { "Url": "{{Wide}}" } } } }""");
        Environment.SetEnvironmentVariable("LONGDOC_CONFIG", json);
        try { AssertRefusedThenAccepted("Kestrel:Endpoints:Public:Url", "JsonConfigurationProvider for 'serve.json'", keys => Build([], keys)); }
        finally { Environment.SetEnvironmentVariable("LONGDOC_CONFIG", null); }
    }

    [Fact]
    public void KestrelEndpoint_AppSettingsInTheWorkingFolder_RefusedWithoutKeysAcceptedWithKeys()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "work")).FullName;
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), $$"""{ "Kestrel": { "Endpoints": { "B": { "Url": "{{Wide}}" } } } }""");
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(folder);
        try { AssertRefusedThenAccepted("Kestrel:Endpoints:B:Url", "JsonConfigurationProvider for 'appsettings.json'", keys => Build([], keys)); }
        finally { Directory.SetCurrentDirectory(previous); }
    }

    [Fact]
    public void Urls_CommandOption_RefusedWithoutKeysAcceptedWithKeys() =>
        AssertRefusedThenAccepted("Http:Urls", "MemoryConfigurationProvider", keys => Build([], keys, new() { ["Http:Urls"] = Wide }));

    [Theory]
    [InlineData("http://127.0.0.1:{0}")]
    [InlineData("http://localhost:{0}")]
    [InlineData("http://[::1]:{0}")]
    public void KestrelEndpoint_Loopback_AcceptedWithoutKeys(string url) =>
        Assert.Empty(Build([$"--Kestrel:Endpoints:A:Url={string.Format(url, _port)}"], withKeys: false));

    [Theory]
    [InlineData("http://*:{0}")]
    [InlineData("http://+:{0}")]
    [InlineData("http://example.org:{0}")]
    public void KestrelEndpoint_Wildcard_RefusedWithoutKeys(string url) =>
        Assert.Contains("reachable from other machines", Assert.Single(Build([$"--Kestrel:Endpoints:A:Url={string.Format(url, _port)}"], withKeys: false)));

    [Fact]
    public async Task KestrelEndpoints_ConfigurationChangesLater_NotReloaded()
    {
        await using var app = LongDocHost.BuildServe([], Settings(withKeys: false), new Dictionary<string, string?>());
        var loader = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.ConfigurationLoader!;
        // ReloadOnChange is internal to Kestrel: read it by reflection (true is ASP.NET Core's default).
        var reload = loader.GetType().GetProperty("ReloadOnChange", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!;
        Assert.Equal(false, reload.GetValue(loader));
    }

    [Fact]
    public void Serve_KestrelEndpointBeyondLoopback_ExitsNamingAddressAndKey()
    {
        using var serve = new LongDocProcess(null, "serve", "--state", Path.Combine(_dir.FullName, "state"), "--retrieval", "lexical",
            $"--Kestrel:Endpoints:A:Url={Wide}");
        Assert.True(serve.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains($"longdoc: invalid configuration: Kestrel:Endpoints:A:Url: {Wide} (from CommandLineConfigurationProvider) is reachable from other machines", serve.Stderr);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
