using LLama.Native;
NativeLibraryConfig.All.WithLogCallback((level, msg) => { });
Console.WriteLine(NativeApi.llama_max_devices());
