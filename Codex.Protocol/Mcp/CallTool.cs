using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The parameters of <c>tools/call</c>.</summary>
public sealed record CallToolRequestParams
{
    /// <summary>The tool's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The arguments, normally an object; kept raw so a wrong type can be reported precisely.</summary>
    [JsonPropertyName("arguments")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Arguments { get; init; }

    /// <summary>Request metadata such as a progress token.</summary>
    [JsonPropertyName("_meta")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Meta { get; init; }

    /// <summary>Present when the client asks for task-augmented execution (MCP 2025-11-25 tasks).</summary>
    [JsonPropertyName("task")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaskMetadata? Task { get; init; }
}

/// <summary>The result of <c>tools/call</c>. Tool-level failures are results with <see cref="IsError"/> set.</summary>
public sealed record CallToolResult
{
    /// <summary>The content blocks.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentBlock> Content { get; init; }

    /// <summary>Machine-readable output matching the tool's output schema.</summary>
    [JsonPropertyName("structuredContent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? StructuredContent { get; init; }

    /// <summary>True when the tool failed; absent on success.</summary>
    [JsonPropertyName("isError")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? IsError { get; init; }

    /// <summary>Result metadata; a task's result carries <c>io.modelcontextprotocol/related-task</c>.</summary>
    [JsonPropertyName("_meta")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RequestMeta? Meta { get; init; }

    /// <summary>A failed result with one text block.</summary>
    public static CallToolResult Error(string message) => new() { Content = [new TextContentBlock { Text = message }], IsError = true };
}
