using LongDoc.Service.Hosting;
using LongDoc.Service.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>The HTTP API's services (section "Http"; "Model" is bound by AddLongDocJobs, which serve also runs) and its routes.</summary>
public static class ApiRegistration
{
    public static WebApplicationBuilder AddLongDocApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var http = builder.Configuration.GetSection("Http").Get<HttpOptions>() ?? new HttpOptions();
        services.AddOptions<HttpOptions>().Bind(builder.Configuration.GetSection("Http")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddSingleton(sp => new ApiKeys(sp.GetRequiredService<IOptions<HttpOptions>>().Value.KeyFile));
        services.AddSingleton(sp => new UploadResults(sp.GetRequiredService<IOptions<JobOptions>>().Value.StateFolder!));
        services.AddSingleton<IJobHandler>(sp => sp.GetRequiredService<UploadResults>());
        services.AddSingleton<ChatModel>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // ErrorBodies says what was wrong
        services.TryAddSingleton(new DocumentSearch(null));
        // Kestrel and the form reader stop a body over the limit while it arrives (413), not after it is stored.
        long limit = ((long)http.MaxUploadMb << 20) + (1 << 20);
        builder.WebHost.UseUrls(http.Urls).ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limit);
        services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = limit + 1);   // above Kestrel's: its own errors are malformed bodies
        return builder;
    }

    public static WebApplication MapLongDocApi(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeys>();
        var metrics = app.Services.GetRequiredService<ServiceMetrics>();
        app.UseMiddleware<ErrorBodies>();
        app.Use((context, next) => { metrics.Request(); return next(context); });
        app.UseMiddleware<Web.WebApp>();   // the page is public; the data it reads is behind the key
        app.Use(keys.Guard);
        OpsEndpoints.Map(app);
        DocumentEndpoints.Map(app);
        DocumentContentEndpoints.Map(app);
        AskEndpoint.Map(app);
        CollectionEndpoints.Map(app);
        OpenAiEndpoints.Map(app);
        TokenizeEndpoint.Map(app);
        return app;
    }
}
