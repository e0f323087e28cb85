using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// Reads a Hugging Face tokenizer.json (+ tokenizer_config.json) with a byte-level BPE model into a
/// <see cref="BpeDefinition"/>. Supported: normalizer none/NFC, pre-tokenizer Sequence of Split (Isolated) and
/// ByteLevel, model BPE without byte fallback. Anything else is refused by name rather than tokenized differently.
/// </summary>
public static class TokenizerJson
{
    public static BpeDefinition Read(string tokenizerJsonPath, string? tokenizerConfigPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath), new JsonDocumentOptions { MaxDepth = 256 });
        var root = doc.RootElement;
        string src = tokenizerJsonPath;
        var model = root.GetProperty("model");
        if (Str(model, "type") is not "BPE") throw new InvalidDataException($"{src}: model.type '{Str(model, "type")}' is not supported (only BPE)");
        if (model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True)
            throw new InvalidDataException($"{src}: model.byte_fallback is not supported for byte-level BPE");

        var textToId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in model.GetProperty("vocab").EnumerateObject()) textToId[entry.Name] = entry.Value.GetInt32();
        var added = new List<(string Text, int Id, bool Always)>();
        foreach (var a in root.GetProperty("added_tokens").EnumerateArray())
        {
            // ids come from the entries: tokenizers renumbers added tokens that are missing from model.vocab
            added.Add((a.GetProperty("content").GetString()!, a.GetProperty("id").GetInt32(), !a.GetProperty("special").GetBoolean()));
        }
        int vocabSize = Math.Max(textToId.Values.DefaultIfEmpty(-1).Max(), added.Select(a => a.Id).DefaultIfEmpty(-1).Max()) + 1;
        var tokenBytes = new byte[vocabSize][];
        Array.Fill(tokenBytes, []);
        // an entry outside the byte-level alphabet (DeepSeek-V3 keeps a few special tokens in model.vocab) stands
        // for its own UTF-8, as tokenizers' ByteLevel decoder treats it
        foreach (var (text, id) in textToId) tokenBytes[id] = ByteLevel.TryDecode(text) ?? Encoding.UTF8.GetBytes(text);
        foreach (var (text, id, _) in added) tokenBytes[id] = Encoding.UTF8.GetBytes(text);

        var byteToId = new int[256];
        for (int b = 0; b < 256; b++) byteToId[b] = textToId.GetValueOrDefault(ByteLevel.Encode((byte)b).ToString(), -1);

        var spec = new PreTokenizerSpec(
            PreTokenizerPatterns(root.GetProperty("pre_tokenizer"), src).ToArray(),
            Nfc: IsNfc(root.GetProperty("normalizer"), src),
            IgnoreMerges: model.TryGetProperty("ignore_merges", out var im) && im.ValueKind == JsonValueKind.True);

        var config = ReadConfig(tokenizerConfigPath);
        int? IdOf(string? text) => text == null ? null
            : added.FirstOrDefault(a => a.Text == text) is { Text: not null } hit ? hit.Id
            : textToId.TryGetValue(text, out int id) ? id : null;
        int? bos = IdOf(config.Bos), eos = IdOf(config.Eos);
        return new BpeDefinition(
            src, tokenBytes, byteToId, new BpeMerges(ReadMerges(model.GetProperty("merges"), textToId, src)), spec,
            textToId, added, bos, eos, config.AddBos,
            EndOfGenerationTable.Collect([eos], added.Select(a => (a.Text, a.Id))));
    }

    static List<(int, int, int)> ReadMerges(JsonElement merges, Dictionary<string, int> textToId, string src)
    {
        var list = new List<(int, int, int)>(merges.GetArrayLength());
        foreach (var m in merges.EnumerateArray())
        {
            string left, right;
            if (m.ValueKind == JsonValueKind.Array) (left, right) = (m[0].GetString()!, m[1].GetString()!);
            else
            {
                string s = m.GetString()!;
                int space = s.IndexOf(' ', 1);
                if (space < 0) throw new InvalidDataException($"{src}: merge '{s}' has no space");
                (left, right) = (s[..space], s[(space + 1)..]);
            }
            if (!textToId.TryGetValue(left, out int l) || !textToId.TryGetValue(right, out int r) || !textToId.TryGetValue(left + right, out int merged))
                throw new InvalidDataException($"{src}: merge '{left} {right}' uses a token missing from model.vocab");
            list.Add((l, r, merged));
        }
        return list;
    }

    static bool IsNfc(JsonElement normalizer, string src) => normalizer.ValueKind switch
    {
        JsonValueKind.Null => false,
        _ when Str(normalizer, "type") == "NFC" => true,
        _ when Str(normalizer, "type") == "Sequence" && normalizer.GetProperty("normalizers").GetArrayLength() == 0 => false,
        _ when Str(normalizer, "type") == "Sequence" && normalizer.GetProperty("normalizers").GetArrayLength() == 1 =>
            IsNfc(normalizer.GetProperty("normalizers")[0], src),
        _ => throw new InvalidDataException($"{src}: normalizer {normalizer.GetRawText()} is not supported (only none or NFC)"),
    };

    static IEnumerable<string> PreTokenizerPatterns(JsonElement pre, string src)
    {
        var steps = Str(pre, "type") == "Sequence" ? pre.GetProperty("pretokenizers").EnumerateArray().ToList() : [pre];
        foreach (var step in steps)
        {
            switch (Str(step, "type"))
            {
                case "Split" when Str(step, "behavior") == "Isolated" && !step.GetProperty("invert").GetBoolean():
                    var pattern = step.GetProperty("pattern");
                    yield return pattern.TryGetProperty("Regex", out var rx) ? rx.GetString()! : Regex.Escape(pattern.GetProperty("String").GetString()!);
                    break;
                case "ByteLevel" when !step.GetProperty("add_prefix_space").GetBoolean():
                    if (step.GetProperty("use_regex").GetBoolean()) yield return PreTokenizerTable.Gpt2;
                    break;
                default:
                    throw new InvalidDataException($"{src}: pre_tokenizer step {step.GetRawText()} is not supported");
            }
        }
    }

    sealed record Config(bool AddBos, string? Bos, string? Eos);

    static Config ReadConfig(string? path)
    {
        if (path == null) return new(false, null, null);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        bool addBos = root.TryGetProperty("add_bos_token", out var ab) && ab.ValueKind == JsonValueKind.True;
        return new(addBos, TokenText(root, "bos_token"), TokenText(root, "eos_token"));
    }

    // "bos_token": "<s>" or {"content": "<s>", ...} or null
    static string? TokenText(JsonElement root, string key) =>
        !root.TryGetProperty(key, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Object ? v.GetProperty("content").GetString()
        : null;

    static string? Str(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
