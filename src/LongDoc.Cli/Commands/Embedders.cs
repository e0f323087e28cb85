using LongDoc.Tasks.Search;

namespace LongDoc.Cli.Commands;

/// <summary>
/// The embedding model of this build. A build for the GPU check leaves it out (-p:LongDocEmbeddings=false: the
/// model is 90 MB, over what the device machine takes), and then search is lexical.
/// </summary>
static class Embedders
{
#if LONGDOC_NO_EMBEDDINGS
    public static IPassageEmbedder? Create() => null;
#else
    public static IPassageEmbedder? Create() => new LongDoc.Embeddings.ArcticEmbedder();
#endif
}
