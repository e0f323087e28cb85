using LongDoc.Service.Jobs;
using Microsoft.AspNetCore.Http;

namespace LongDoc.Service.Http;

/// <summary>
/// Whom a request acts for: the tenant of its API key (set by <see cref="ApiKeys.Guard"/>; tenant "default" when the
/// server has no key file). A tenant sees only its own documents; an admin key also sees every tenant's in lists,
/// reads and /metrics. A handler takes it as a parameter (bound by <see cref="BindAsync"/>).
/// </summary>
public sealed record Tenant(string Name, bool Admin)
{
    public static readonly Tenant Default = new(NewJob.DefaultTenant, false);

    /// <summary>The tenant filter of lists and counts: null (every tenant) for an admin.</summary>
    public string? Filter => Admin ? null : Name;

    public bool Sees(Job job) => Admin || job.Tenant == Name;

    public static Tenant Of(HttpContext context) => context.Features.Get<Tenant>() ?? Default;

    public static ValueTask<Tenant?> BindAsync(HttpContext context) => ValueTask.FromResult<Tenant?>(Of(context));
}
