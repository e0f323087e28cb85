using System.Diagnostics;

namespace LongDoc.Service.Processing;

/// <summary>
/// How to start the `longdoc` command as a child: the apphost directly, or longdoc.dll through the dotnet host
/// (the way tests and `dotnet longdoc.dll` run it).
/// </summary>
static class LongDocCommand
{
    public static ProcessStartInfo StartInfo(string? configured, IEnumerable<string> args)
    {
        var target = string.IsNullOrWhiteSpace(configured) ? Default() : Path.GetFullPath(configured);
        var viaHost = target.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var psi = new ProcessStartInfo(viaHost ? DotnetHost() : target)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        if (viaHost) psi.ArgumentList.Add(target);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    static string Default()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "longdoc");
        var dll = Path.Combine(AppContext.BaseDirectory, "longdoc.dll");
        if (Environment.ProcessPath == apphost) return apphost;
        if (File.Exists(dll)) return dll;
        throw new FileNotFoundException($"longdoc.dll not found beside {AppContext.BaseDirectory}; set Extraction:Command");
    }

    static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
