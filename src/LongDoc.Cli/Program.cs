using System.CommandLine;
using LongDoc.Cli.Commands;

// The `longdoc` command: each verb lives in Commands/ and returns a System.CommandLine Command.
// Listed as `longdoc --help` shows them: the jobs first, then the service, then the model tools.
var root = new RootCommand("LongDoc: read very large documents with local language models. Nothing leaves the machine.")
{
    SummarizeCommand.Create(),
    AskCommand.Create(),
    ChatCommand.Create(),
    ExtractCommand.Create(),
    WatchCommand.Create(),
    ServeCommand.Create(),
    ModelsCommand.Create(),
    ModelCommand.Create(),
    GenerateCommand.Create(),
    LogitsCommand.Create(),
    BenchCommand.Create(),
    EvalNeedleCommand.Create(),
    SelftestCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
