namespace LongDoc.Cli.Commands;

/// <summary>How ask and chat print a model's answer: text format streams it as it comes (the progress line cleared at
/// the first piece) and then prints its footer (citations); JSON waits for the whole answer and prints nothing here.</summary>
static class AnswerStream
{
    public static async Task<T> Run<T>(Func<Action<string>?, Task<T>> ask, bool json, ProgressView progress, Func<T, string> footer)
    {
        var stdout = Console.Out;
        bool started = false;
        var answer = await ask(json ? null : text =>
        {
            if (!started) { progress.Clear(); started = true; }
            stdout.Write(text);
            stdout.Flush();
        });
        progress.Clear();
        if (!json) { stdout.WriteLine(); stdout.Write(footer(answer)); stdout.Flush(); }
        return answer;
    }
}
