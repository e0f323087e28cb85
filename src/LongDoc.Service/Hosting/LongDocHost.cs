using LongDoc.Service.Http;
using LongDoc.Service.Jobs;
using LongDoc.Tasks.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Hosting;

/// <summary>
/// Configuration in rising precedence: the command's defaults, appsettings.json (current folder, or the file in LONGDOC_CONFIG),
/// LONGDOC__SECTION__KEY environment variables, `--Section:Key=value` on the command line, then the command's
/// own options. Logs go to stderr (journald under systemd); systemd gets READY=1 and STOPPING=1.
/// </summary>
public static class LongDocHost
{
    public static void Configure(IHostApplicationBuilder builder, string[] args, IReadOnlyDictionary<string, string?> overrides,
        IReadOnlyDictionary<string, string?> defaults)
    {
        var config = builder.Configuration;
        config.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
        if (Environment.GetEnvironmentVariable("LONGDOC_CONFIG") is { Length: > 0 } file)
            config.AddJsonFile(Path.GetFullPath(file), optional: false);
        config.AddEnvironmentVariables("LONGDOC__");
        config.AddCommandLine(args);
        config.AddInMemoryCollection(overrides.Where(kv => kv.Value is not null));
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSystemd();
    }

    /// <summary>The `longdoc watch` host: jobs plus the folder watcher.</summary>
    public static IHost BuildWatch(string[] args, IReadOnlyDictionary<string, string?> overrides, IReadOnlyDictionary<string, string?> defaults)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        Configure(builder, args, overrides, defaults);
        builder.AddLongDocJobs().AddLongDocWatch();
        return builder.Build();
    }

    /// <summary>
    /// The `longdoc serve` host: jobs plus the HTTP API on Kestrel. With <paramref name="embedder"/>, /ask without a
    /// model searches by BM25 and meaning (passage vectors cached in the state folder's embeddings/). <paramref name="replace"/>
    /// registers services over the built-in ones (a host that embeds the service swaps a part, e.g. the summarizer).
    /// </summary>
    public static WebApplication BuildServe(string[] args, IReadOnlyDictionary<string, string?> overrides, IReadOnlyDictionary<string, string?> defaults,
        IPassageEmbedder? embedder = null, Action<IServiceCollection>? replace = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        Configure(builder, args, overrides, defaults);
        if (embedder is not null)
            builder.Services.AddSingleton(sp => new DocumentSearch(new SemanticSearch(embedder,
                new EmbeddingCache(Path.Combine(sp.GetRequiredService<IOptions<JobOptions>>().Value.StateFolder!, "embeddings")))));
        builder.AddLongDocJobs();
        builder.AddLongDocApi();
        replace?.Invoke(builder.Services);
        // Kestrel listens where the options validated at start say (ListenRule): an edited appsettings.json adds no endpoint later.
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false));
        return builder.Build().MapLongDocApi();
    }
}
