using System.Text.Json.Serialization;

namespace Codex.Engine.Model;

/// <summary>Source-generated JSON metadata for the engine's model types (history items are persisted with it too).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(ResponseItem))]
[JsonSerializable(typeof(List<ResponseItem>))]
[JsonSerializable(typeof(IReadOnlyList<ResponseItem>))]
public sealed partial class ModelJsonContext : JsonSerializerContext
{
}
