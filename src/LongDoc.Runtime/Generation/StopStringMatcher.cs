namespace LongDoc.Runtime.Generation;

/// <summary>
/// Finds stop strings in streamed text that may split them anywhere ("&lt;|im_" + "end|&gt;"). Text that could
/// still be the start of a stop string is held back until it is either completed (then dropped, with
/// everything after it) or ruled out (then released). Stop strings never reach the output. Ordinal matching.
/// </summary>
public sealed class StopStringMatcher
{
    readonly string[] _stops;
    string _held = "";

    public StopStringMatcher(IReadOnlyList<string> stopStrings)
    {
        if (stopStrings.Any(string.IsNullOrEmpty)) throw new ArgumentException("stop strings must be non-empty", nameof(stopStrings));
        _stops = [.. stopStrings];
    }

    /// <summary>True once a stop string has been seen; later input is ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds streamed text; returns the part that is safe to show now (maybe empty).</summary>
    public string Push(string text)
    {
        if (Stopped) return "";
        if (_stops.Length == 0) return text;
        string buffer = _held + text;

        int first = -1;
        foreach (var stop in _stops)
        {
            int at = buffer.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        if (first >= 0)
        {
            Stopped = true;
            _held = "";
            return buffer[..first];
        }

        int keep = LongestSuffixThatStartsAStop(buffer);
        _held = buffer[^keep..];
        return buffer[..^keep];
    }

    /// <summary>End of stream: the held-back text was not a stop string after all.</summary>
    public string Flush()
    {
        string rest = Stopped ? "" : _held;
        _held = "";
        return rest;
    }

    // Longest k < stop.Length such that buffer's last k chars equal some stop string's first k chars.
    int LongestSuffixThatStartsAStop(string buffer)
    {
        int best = 0;
        foreach (var stop in _stops)
            for (int k = Math.Min(stop.Length - 1, buffer.Length); k > best; k--)
                if (buffer.AsSpan(buffer.Length - k).SequenceEqual(stop.AsSpan(0, k))) { best = k; break; }
        return best;
    }
}
