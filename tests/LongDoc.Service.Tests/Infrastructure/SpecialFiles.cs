using System.Diagnostics;
using System.Net.Sockets;

namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>Entries a hostile or careless admin leaves in a watched folder: FIFOs, sockets, symlinks.</summary>
public static class SpecialFiles
{
    /// <summary>A real FIFO, made by mkfifo(1): opening it for reading blocks until a writer comes.</summary>
    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path }, UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>A Unix socket bound at <paramref name="path"/>; .NET removes the socket file when the socket is disposed.</summary>
    public static Socket MakeSocket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    /// <summary>True while <paramref name="pid"/> is a live process (a zombie counts as gone).</summary>
    public static bool IsRunning(int pid)
    {
        try { return !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
