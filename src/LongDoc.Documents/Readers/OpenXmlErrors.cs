namespace LongDoc.Documents.Readers;

/// <summary>Turns OpenXML's exceptions into one <see cref="DocumentReadException"/> line naming the file.</summary>
internal static class OpenXmlErrors
{
    public static T Open<T>(string source, ReadOptions options, string format, Func<T> open)
    {
        T result = default!;
        Run(source, options, format, () => result = open());
        return result;
    }

    public static void Run(string source, ReadOptions options, string format, Action read)
    {
        try
        {
            read();
        }
        catch (DocumentReadException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var message = e.Message.Split('\n')[0].Trim();
            var problem = message.Contains("MaxCharacters", StringComparison.OrdinalIgnoreCase)
                ? $"a part is over the limit of {options.MaxCharactersInPart:N0} characters"
                : $"not a readable {format} file ({e.GetType().Name}: {message})";
            throw new DocumentReadException(source, problem, e);
        }
    }
}
