namespace LongDoc.Cli.Commands;

/// <summary>Process exit codes shared by every command.</summary>
static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Wrong usage (System.CommandLine's own parse errors also exit 1).</summary>
    public const int Usage = 1;
    /// <summary>Bad input: a file that cannot be read, a malformed model, ... One line on stderr names it.</summary>
    public const int BadInput = 2;
    /// <summary>--device cuda (or selftest) without a usable GPU: no driver, no device, or no NVRTC. Distinct from
    /// failures so that a script can tell "no GPU here" from "the GPU gave wrong answers".</summary>
    public const int NoDevice = 3;
    /// <summary>selftest: at least one check failed.</summary>
    public const int CheckFailed = 4;
    public const int Cancelled = 130;
}
