using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>What an MCP client can do. Only <see cref="Elicitation"/> changes the server's behaviour.</summary>
public sealed record ClientCapabilities
{
    /// <summary>Present when the client can answer <c>elicitation/create</c>.</summary>
    [JsonPropertyName("elicitation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Elicitation { get; init; }

    /// <summary>Present when the client exposes roots.</summary>
    [JsonPropertyName("roots")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Roots { get; init; }

    /// <summary>Present when the client supports sampling.</summary>
    [JsonPropertyName("sampling")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Sampling { get; init; }

    /// <summary>Experimental capabilities.</summary>
    [JsonPropertyName("experimental")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Experimental { get; init; }

    /// <summary>Present when the client supports tasks (MCP 2025-11-25).</summary>
    [JsonPropertyName("tasks")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Tasks { get; init; }

    /// <summary>True when the client declared the elicitation capability.</summary>
    [JsonIgnore]
    public bool SupportsElicitation => Elicitation is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };
}
