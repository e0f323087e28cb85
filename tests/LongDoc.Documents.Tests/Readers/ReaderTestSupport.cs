namespace LongDoc.Documents.Tests.Readers;

/// <summary>Test data paths and a time bound for reads of hostile input (a hang must fail the test, not stall the run).</summary>
internal static class ReaderTestSupport
{
    public static string DataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static byte[] Data(params string[] parts) => File.ReadAllBytes(DataPath(parts));

    /// <summary>Runs <paramref name="read"/> on a worker; fails if it does not finish within <paramref name="seconds"/>.</summary>
    public static T Bounded<T>(Func<T> read, int seconds = 20)
    {
        var task = Task.Run(read);
        try
        {
            Assert.True(task.Wait(TimeSpan.FromSeconds(seconds)), $"the read did not finish within {seconds} s");
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return task.Result;
    }

    /// <summary>Every block's text is exactly its span of the document text.</summary>
    public static void AssertSpans(Document doc)
    {
        foreach (var b in doc.Blocks) Assert.Equal(b.Text, doc.Text[b.Start..b.End]);
    }
}
