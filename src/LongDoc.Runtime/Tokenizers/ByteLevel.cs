namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// GPT-2's byte-level alphabet: every byte gets a printable code point so that a vocabulary of strings can hold
/// arbitrary bytes. Printable Latin-1 bytes map to themselves; the other 68 bytes map to U+0100.. in byte order
/// (space 0x20 becomes 'Ġ' U+0120, newline 0x0A becomes 'Ċ' U+010A). Same table as tokenizers' bytes_char and
/// llama.cpp's unicode_byte_to_utf8.
/// </summary>
public static class ByteLevel
{
    static readonly char[] ByteToChar = BuildByteToChar();
    static readonly Dictionary<char, byte> CharToByte = Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    public static char Encode(byte b) => ByteToChar[b];

    /// <summary>The byte-level text of raw bytes ("Ġthe" for " the").</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>The raw bytes of a byte-level token text; null when a character is outside the alphabet.</summary>
    public static byte[]? TryDecode(string text)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!CharToByte.TryGetValue(text[i], out bytes[i])) return null;
        }
        return bytes;
    }
}
