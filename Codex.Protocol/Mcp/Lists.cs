using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The result of <c>resources/list</c>.</summary>
public sealed record ListResourcesResult
{
    /// <summary>The resources, as raw MCP resource objects.</summary>
    [JsonPropertyName("resources")]
    public required IReadOnlyList<JsonElement> Resources { get; init; }

    /// <summary>Where the next page starts, if any.</summary>
    [JsonPropertyName("nextCursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}

/// <summary>The result of <c>resources/templates/list</c>.</summary>
public sealed record ListResourceTemplatesResult
{
    /// <summary>The templates, as raw MCP resource-template objects.</summary>
    [JsonPropertyName("resourceTemplates")]
    public required IReadOnlyList<JsonElement> ResourceTemplates { get; init; }

    /// <summary>Where the next page starts, if any.</summary>
    [JsonPropertyName("nextCursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}
