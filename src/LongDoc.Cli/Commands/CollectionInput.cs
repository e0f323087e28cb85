using LongDoc.Documents.Readers;
using LongDoc.Tasks.Collections;

namespace LongDoc.Cli.Commands;

/// <summary>
/// The documents of a collection named on the command line: each FILE, and each DIR's files, recursively, in
/// ordinal path order (hidden files and folders, whose names start with ".", left out). A file that cannot be read
/// is skipped with one "longdoc: FILE: problem" line on stderr; the same file named twice is read once. A document's
/// id is its full path, its name the path as given (below a DIR: relative to the DIR's parent, "contracts/a.pdf").
/// </summary>
static class CollectionInput
{
    /// <summary>The description of the paths argument of ask and chat.</summary>
    public const string PathsDescription = "A document (" + DocumentInput.FileDescription + "), or several documents and folders: a collection, asked as one";

    /// <summary>The members read, or null after a stderr line when none could be read (exit with <see cref="ExitCodes.BadInput"/>).</summary>
    public static IReadOnlyList<CollectionMember>? Read(IReadOnlyList<string> paths, ReadOptions options, ProgressView progress)
    {
        var members = new List<CollectionMember>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, name) in paths.SelectMany(Files))
        {
            if (!seen.Add(file.FullName)) continue;
            if (DocumentInput.Read(file, options) is { } document) members.Add(new CollectionMember(new DocumentRef(file.FullName, name), document));
        }
        if (members.Count == 0)
        {
            Console.Error.WriteLine($"longdoc: {string.Join(", ", paths)}: no document could be read");
            return null;
        }
        progress.Info($"read {members.Count} documents ({DocumentInput.Pages(members.Sum(m => m.Document.PageCount))}) as one collection");
        return members;
    }

    static IEnumerable<(FileInfo File, string Name)> Files(string path)
    {
        if (!Directory.Exists(path)) return [(new FileInfo(path), Path.GetFileName(path))];
        var root = new DirectoryInfo(path);
        var parent = root.Parent?.FullName ?? root.FullName;
        return root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = true })
            .Where(f => !Path.GetRelativePath(root.FullName, f.FullName).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => (f, Path.GetRelativePath(parent, f.FullName)));
    }
}
