using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>A <c>tool_use</c> block: the model calls one of the offered tools (assistant messages).</summary>
public sealed record ToolUseContent : SamplingContent
{
    /// <summary><c>tool_use</c>.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public override string Type => "tool_use";

    /// <summary>The call's id, which its <see cref="ToolResultContent.ToolUseId"/> repeats.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The tool's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The arguments, an object matching the tool's input schema.</summary>
    [JsonPropertyName("input")]
    public required JsonElement Input { get; init; }
}
