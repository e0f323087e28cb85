using LongDoc.Service.Jobs;
using Microsoft.Extensions.Hosting;

namespace LongDoc.Service.Hosting;

/// <summary>Creates the job schema before any worker or producer starts (registered first, so it runs first).</summary>
sealed class StoreInitializer(IJobStore store) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => store.InitializeAsync(ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
