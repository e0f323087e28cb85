using LongDoc.Service.Processing;

namespace LongDoc.Cli.Commands;

/// <summary>
/// A child the service started (<see cref="ChildExtractor"/> sets <see cref="ChildExtractor.ExitWithParentVariable"/>=1 and
/// holds the child's standard input open) stops when that input reaches its end: the parent closed it, or died — by
/// kill -9 too, which nothing else tells a child blocked in a read. So a stuck extraction never outlives the service.
/// </summary>
static class ParentWatch
{
    public static void StartIfAsked()
    {
        if (Environment.GetEnvironmentVariable(ChildExtractor.ExitWithParentVariable) != "1") return;
        new Thread(WaitForEnd) { IsBackground = true, Name = "parent watch" }.Start();
    }

    static void WaitForEnd()
    {
        using var input = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (input.Read(buffer) > 0) { }
        Console.Error.WriteLine("longdoc: the parent process is gone (standard input closed); stopping");
        Environment.Exit(ExitCodes.Cancelled);
    }
}
