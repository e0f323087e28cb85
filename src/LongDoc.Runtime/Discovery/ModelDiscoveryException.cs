namespace LongDoc.Runtime.Discovery;

/// <summary>A model named by --model, LONGDOC_MODEL or appsettings that cannot be found or read; the message says where it looked.</summary>
public sealed class ModelDiscoveryException(string message) : Exception(message);
