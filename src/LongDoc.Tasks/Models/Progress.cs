namespace LongDoc.Tasks.Models;

/// <summary>Builds <see cref="TaskProgress"/> reports from prefill callbacks.</summary>
public static class Progress
{
    /// <summary>Pages read grow with the prefill: a page counts once the share of tokens before its end is done.</summary>
    public static TaskProgress Prefill(string stage, int done, int total, TimeSpan elapsed, int pages)
    {
        double rate = elapsed > TimeSpan.Zero ? done / elapsed.TotalSeconds : 0;
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : null;
        int pagesRead = total > 0 ? (int)((long)pages * done / total) : pages;
        return new TaskProgress(stage, pagesRead, pages, done, total, rate, eta);
    }
}

/// <summary>Page lists as people write them: "1-3, 5, 7-9".</summary>
public static class PageList
{
    public static string Format(IReadOnlyList<int> pages)
    {
        var parts = new List<string>();
        for (int i = 0; i < pages.Count;)
        {
            int j = i;
            while (j + 1 < pages.Count && pages[j + 1] == pages[j] + 1) j++;
            parts.Add(i == j ? $"{pages[i]}" : $"{pages[i]}-{pages[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
