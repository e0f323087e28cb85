using LongDoc.Service.Http;
using LongDoc.Testing.RandomModels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Http;

/// <summary>Model:ContextSize 0 (the default) in the service and the watcher: the model's trained context as far as memory allows, logged.</summary>
public sealed class SharedModelContextTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-shared-ctx-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Client_ContextSizeZero_TheModelsWholeContextPast8192Logged()
    {
        var path = Path.Combine(_dir.FullName, "tiny-20k.gguf");
        RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 7, Context = 20000 }, path);
        var log = new Lines();
        using var shared = new SharedModel(Options.Create(new ModelOptions { Path = path, ChatTemplate = "chatml", Threads = 1 }), log);
        Assert.Null(shared.KnownContextSize);                       // nothing loaded yet, nothing configured
        Assert.Equal(20000, shared.Client.ContextSize);
        Assert.Contains(log.Messages, m => m.StartsWith("context 20000 (the model's; ", StringComparison.Ordinal));
    }

    sealed class Lines : ILogger<SharedModel>
    {
        public readonly List<string> Messages = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
