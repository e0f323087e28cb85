namespace LongDoc.Cli.Commands;

/// <summary>Process exit codes shared by every command.</summary>
static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Wrong usage (System.CommandLine's own parse errors also exit 1).</summary>
    public const int Usage = 1;
    /// <summary>Bad input: a file that cannot be read, a malformed model, ... One line on stderr names it.</summary>
    public const int BadInput = 2;
    public const int Cancelled = 130;
}
