using LLama.Native;

// subcommands: each is a static class with Run(string[] args) -> exit code
if (args.Length > 0 && args[0] == "tokenize") return TokenizeCommand.Run(args[1..]);

NativeLibraryConfig.All.WithLogCallback((level, msg) => { });
Console.WriteLine(NativeApi.llama_max_devices());
return 0;
