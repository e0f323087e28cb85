namespace LongDoc.Documents.Readers.Pdf;

/// <summary>
/// Iterative depth-first search over object-number edges (no recursion: the graphs come from hostile files).
/// Finds a cycle, or else a path with more than a given number of edges.
/// </summary>
static class PdfGraphSearch
{
    /// <summary>A cycle (Path: its objects, in order) or a too-deep path (Path: where it starts, then on).</summary>
    public sealed record Finding(bool IsLoop, int[] Path);

    public static Finding? FindLoopOrDeepPath(Dictionary<int, List<int>> edges, int maxDepth)
    {
        var onPath = new HashSet<int>();
        var depth = new Dictionary<int, int>();   // finished nodes: edges on the longest path from the node
        var stack = new List<(int Node, int Next)>();
        foreach (var start in edges.Keys)
        {
            if (depth.ContainsKey(start)) continue;
            stack.Add((start, 0));
            onPath.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack[^1];
                var children = edges.TryGetValue(node, out var c) ? c : [];
                if (next < children.Count)
                {
                    stack[^1] = (node, next + 1);
                    int child = children[next];
                    if (onPath.Contains(child))
                        return new Finding(true, [.. stack.Select(s => s.Node).SkipWhile(n => n != child)]);
                    if (depth.ContainsKey(child)) continue;
                    onPath.Add(child);
                    stack.Add((child, 0));
                    continue;
                }
                int longest = children.Count == 0 ? 0 : 1 + children.Max(k => depth.GetValueOrDefault(k));
                if (longest > maxDepth) return new Finding(false, [node]);
                depth[node] = longest;
                onPath.Remove(node);
                stack.RemoveAt(stack.Count - 1);
            }
        }
        return null;
    }
}
