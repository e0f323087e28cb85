using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp folder (initdb + pg_ctl) on a free loopback port, stopped and deleted
/// at the end. PostgreSQL refuses to run as root, so under root (CI) the server runs as the `postgres` user that
/// Debian's package creates. When it cannot start, every test using it fails with the reason (never skips).
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    readonly string _root;
    readonly string _binDir = "";
    readonly string _data;
    readonly bool _asPostgresUser = Environment.UserName == "root";
    readonly Exception? _startError;
    int _schemas;

    public PostgresCluster()
    {
        _root = Directory.CreateTempSubdirectory("longdoc-pg-").FullName;
        _data = Path.Combine(_root, "data");
        try
        {
            _binDir = FindBinDir();
            Port = FreePort();
            if (_asPostgresUser) Run("chown", "-R", "postgres", _root);
            Pg("initdb", "-D", _data, "-U", "longdoc", "--auth=trust", "-E", "UTF8", "--no-sync");
            Pg("pg_ctl", "-D", _data, "-w", "-t", "60", "-l", Path.Combine(_root, "log"), "start",
                "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200");
        }
        catch (Exception e)
        {
            var log = Path.Combine(_root, "log");
            _startError = new InvalidOperationException(
                $"PostgreSQL could not start (install Debian's `postgresql` package; .ci/run does): {e.Message}" +
                (File.Exists(log) ? "\n" + File.ReadAllText(log) : ""), e);
        }
    }

    public int Port { get; }

    /// <summary>A connection string for a fresh, empty schema: each test gets its own tables.</summary>
    public string NewSchema()
    {
        if (_startError is not null) throw _startError;
        var schema = $"t{Interlocked.Increment(ref _schemas)}";
        var admin = $"Host=127.0.0.1;Port={Port};Username=longdoc;Database=postgres;Pooling=false";
        using (var c = new NpgsqlConnection(admin))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", c);
            cmd.ExecuteNonQuery();
        }
        return $"Host=127.0.0.1;Port={Port};Username=longdoc;Database=postgres;Search Path={schema};Maximum Pool Size=50";
    }

    public void Dispose()
    {
        if (_startError is null)
        {
            try { Pg("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
        }
        NpgsqlConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    static string FindBinDir()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidOperationException("initdb not found on PATH nor under /usr/lib/postgresql/*/bin");
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    void Pg(string tool, params string[] args)
    {
        var exe = Path.Combine(_binDir, tool);
        if (_asPostgresUser) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90))) { p.Kill(true); throw new InvalidOperationException($"{exe} timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}{stdout.Result}");
    }
}
