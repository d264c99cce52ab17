using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>A tool as listed by <c>tools/list</c>.</summary>
public sealed record Tool
{
    /// <summary>The tool's name, used in <c>tools/call</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>A display name.</summary>
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    /// <summary>What the tool does, for a person or a model choosing it.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>The JSON schema of the arguments.</summary>
    [JsonPropertyName("inputSchema")]
    public required JsonElement InputSchema { get; init; }

    /// <summary>The JSON schema of <c>structuredContent</c> in the result.</summary>
    [JsonPropertyName("outputSchema")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? OutputSchema { get; init; }

    /// <summary>Hints about the tool's behaviour.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ToolAnnotations? Annotations { get; init; }

    /// <summary>How the tool may be run, e.g. whether it can be called as a task.</summary>
    [JsonPropertyName("execution")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ToolExecution? Execution { get; init; }
}

/// <summary>The <c>execution</c> member of a <see cref="Tool"/> (MCP 2025-11-25).</summary>
public sealed record ToolExecution
{
    /// <summary><c>required</c>, <c>optional</c> or <c>forbidden</c>: whether a <c>tools/call</c> may be task-augmented.</summary>
    [JsonPropertyName("taskSupport")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TaskSupport { get; init; }
}

/// <summary>Behaviour hints of a <see cref="Tool"/>; all optional.</summary>
public sealed record ToolAnnotations
{
    /// <summary>A display name.</summary>
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    /// <summary>The tool does not change its environment.</summary>
    [JsonPropertyName("readOnlyHint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ReadOnlyHint { get; init; }

    /// <summary>The tool may make destructive updates.</summary>
    [JsonPropertyName("destructiveHint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? DestructiveHint { get; init; }

    /// <summary>Calling it again with the same arguments has no further effect.</summary>
    [JsonPropertyName("idempotentHint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? IdempotentHint { get; init; }

    /// <summary>The tool reaches an open world of external entities.</summary>
    [JsonPropertyName("openWorldHint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? OpenWorldHint { get; init; }
}
