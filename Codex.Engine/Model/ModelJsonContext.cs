using System.Text.Encodings.Web;
using System.Text.Json;
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
    /// <summary>
    /// Writer options for request bodies and rollout lines: like serde_json, quotes and non-ASCII text are not
    /// <c>\u</c>-escaped, so the bytes match what the original writes (the default encoder's output is
    /// equivalent JSON, only escaped more).
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
