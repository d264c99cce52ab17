using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>Serializes the schema nodes the library builds.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
