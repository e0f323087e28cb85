using System.Text.Json.Serialization;

namespace LongDoc.Service.Http;

/// <summary>
/// A model in /v1/models, in OpenAI's shape. <see cref="MaxModelLen"/> as vLLM writes it, where the context is known
/// without loading the model: clients (another LongDoc with Model:Endpoint) plan their prompts with it. A local model
/// adds its device settings and, once loaded, the device it runs on and its placement (README "GPU (CUDA)").
/// </summary>
public sealed record ModelCard(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("max_model_len"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxModelLen,
    [property: JsonPropertyName("device_setting"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeviceSetting,
    [property: JsonPropertyName("device"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Device,
    [property: JsonPropertyName("placement"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Placement)
{
    [JsonPropertyName("object")] public string Object => "model";

    [JsonPropertyName("created")] public long Created => 0;

    [JsonPropertyName("owned_by")] public string OwnedBy => "longdoc";

    public static ModelCard Of(string name, ChatModel model) =>
        new(name, model.KnownContextSize, model.Device.Setting, model.Device.Device, model.Device.Placement);
}
