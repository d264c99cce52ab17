using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>A <c>tool_result</c> block: the outcome of a <see cref="ToolUseContent"/>, sent back to the model (user messages).</summary>
public sealed record ToolResultContent : SamplingContent
{
    /// <summary><c>tool_result</c>.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public override string Type => "tool_result";

    /// <summary>The <see cref="ToolUseContent.Id"/> this answers.</summary>
    [JsonPropertyName("toolUseId")]
    public required string ToolUseId { get; init; }

    /// <summary>The unstructured result, as in <c>tools/call</c>'s result.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentBlock> Content { get; init; }

    /// <summary>A structured result object, when the tool has one.</summary>
    [JsonPropertyName("structuredContent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? StructuredContent { get; init; }

    /// <summary>True when the call failed; absent means false.</summary>
    [JsonPropertyName("isError")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? IsError { get; init; }
}
