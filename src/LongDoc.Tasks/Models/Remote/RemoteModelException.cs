namespace LongDoc.Tasks.Models.Remote;

/// <summary>
/// A remote model failed: the message is one line naming the endpoint and the cause ("model endpoint
/// http://gpu1:8000/v1: connection refused"). An <see cref="IOException"/>: the CLI prints it and exits 2, and the
/// service's job worker retries the job as after any I/O failure. It never holds the API key.
/// </summary>
public sealed class RemoteModelException(RemoteEndpoint endpoint, string cause, Exception? inner = null)
    : IOException($"model endpoint {endpoint}: {cause}", inner)
{
    public RemoteEndpoint Endpoint { get; } = endpoint;
}
