using System.Text.Json;

namespace LongDoc.Oracle;

/// <summary>The one JSON object on stdout. Floats are written shortest-round-trip; a non-finite value is null.</summary>
static class JsonOut
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        stdout.Write("\n"u8);
    }

    public static void Floats(Utf8JsonWriter w, ReadOnlySpan<float> values)
    {
        w.WriteStartArray();
        foreach (var v in values)
            if (float.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
        w.WriteEndArray();
    }

    public static void Ints(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    public static void Doubles(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }
}
