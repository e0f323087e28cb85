using System.CommandLine;
using LongDoc.Cli.Commands;

// The `longdoc` command: each verb lives in Commands/ and returns a System.CommandLine Command.
var root = new RootCommand("LongDoc: read very large documents with local language models. Nothing leaves the machine.")
{
    ExtractCommand.Create(),
    ModelCommand.Create(),
    GenerateCommand.Create(),
    LogitsCommand.Create(),
    BenchCommand.Create(),
    WatchCommand.Create(),
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
