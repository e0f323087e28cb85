using System.Text;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// Turns a stream of token ids into text without ever emitting half a UTF-8 character: bytes are held back
/// until they complete a character. A token can end mid-character (byte-level BPE splits emoji and CJK).
/// </summary>
public sealed class StreamingDecoder(ITokenizer tokenizer)
{
    readonly List<byte> _pending = [];

    /// <summary>Adds a token; returns the text that became complete (maybe empty).</summary>
    public string Push(int id)
    {
        _pending.AddRange(tokenizer.TokenBytes(id));
        int complete = CompletePrefixLength(_pending);
        if (complete == 0) return "";
        var text = Encoding.UTF8.GetString(_pending.GetRange(0, complete).ToArray());
        _pending.RemoveRange(0, complete);
        return text;
    }

    /// <summary>Whatever is left, invalid bytes replaced.</summary>
    public string Flush()
    {
        var text = Encoding.UTF8.GetString(_pending.ToArray());
        _pending.Clear();
        return text;
    }

    // Length of the longest prefix that does not end inside an incomplete (but so far valid) UTF-8 sequence.
    static int CompletePrefixLength(List<byte> bytes)
    {
        int n = bytes.Count;
        // look back at most 3 bytes for the start of an unfinished sequence
        for (int back = 1; back <= Math.Min(3, n); back++)
        {
            byte b = bytes[n - back];
            if ((b & 0xC0) == 0x80) continue;              // continuation byte: keep looking for the lead
            int need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
