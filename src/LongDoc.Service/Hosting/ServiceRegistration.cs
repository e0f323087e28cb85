using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using LongDoc.Service.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Hosting;

/// <summary>The services of `longdoc watch` and `longdoc serve`, bound to configuration sections and validated at start.</summary>
public static class ServiceRegistration
{
    /// <summary>Job store, child extraction, summarizer and workers (sections "Jobs", "Extraction", "Summary" and "Model").</summary>
    public static IHostApplicationBuilder AddLongDocJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobOptions>().Bind(builder.Configuration.GetSection("Jobs")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobOptions>, JobOptionsValidator>();
        services.AddOptions<ExtractionOptions>().Bind(builder.Configuration.GetSection("Extraction")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<IJobStore>(sp => CreateStore(sp.GetRequiredService<IOptions<JobOptions>>().Value));
        services.AddSingleton<IExtractor>(sp => sp.GetRequiredService<IOptions<ExtractionOptions>>().Value is { InProcess: true } inProcess
            ? new InProcessExtractor(inProcess)
            : new ChildExtractor(sp.GetRequiredService<IOptions<ExtractionOptions>>().Value) { Started = () => FaultPoints.Reach(FaultPoints.Extract) });
        services.AddOptions<SummaryOptions>().Bind(builder.Configuration.GetSection("Summary"));
        // Section "Model" (also the HTTP API's chat model): set, and summaries are the model's; unset, extractive.
        services.AddOptions<Http.ModelOptions>().Bind(builder.Configuration.GetSection("Model")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Http.ModelOptions>, Http.ModelOptionsValidator>();
        services.AddSingleton<Http.SharedModel>();
        services.AddSingleton<IDocumentSummarizer>(sp => !sp.GetRequiredService<Http.SharedModel>().Configured
            ? ActivatorUtilities.CreateInstance<ExtractiveDocumentSummarizer>(sp)
            : ActivatorUtilities.CreateInstance<ModelDocumentSummarizer>(sp));
        services.AddSingleton<IDocumentProcessor, ExtractingProcessor>();
        services.AddHostedService<PrivateStateFolder>();
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<JobWorker>();
        // At SIGTERM a worker kills its extraction child and gives the job back, even while another service is slow to stop.
        services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);
        return builder;
    }

    /// <summary>The folder watcher (section "Watch") and its results handler.</summary>
    public static IHostApplicationBuilder AddLongDocWatch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WatchOptions>().Bind(builder.Configuration.GetSection("Watch")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WatchOptions>, WatchOptionsValidator>();
        services.AddSingleton<InputFolder>();
        services.AddSingleton<FolderResults>();
        services.AddSingleton<IJobHandler>(sp => sp.GetRequiredService<FolderResults>());
        services.AddSingleton<FolderIntake>();
        services.AddHostedService<FolderWatcher>();
        return builder;
    }

    static IJobStore CreateStore(JobOptions o) => o.Store switch
    {
        "postgres" => new PostgresJobStore(o.PostgresConnection!),
        _ => new SqliteJobStore(string.IsNullOrWhiteSpace(o.SqlitePath) ? Path.Combine(o.StateFolder!, "jobs.db") : o.SqlitePath),
    };
}
