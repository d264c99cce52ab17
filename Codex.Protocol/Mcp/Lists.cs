using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The result of <c>resources/list</c>.</summary>
public sealed record ListResourcesResult
{
    /// <summary>The resources.</summary>
    [JsonPropertyName("resources")]
    public required IReadOnlyList<Resource> Resources { get; init; }

    /// <summary>Where the next page starts, if any.</summary>
    [JsonPropertyName("nextCursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}

/// <summary>The result of <c>resources/templates/list</c>.</summary>
public sealed record ListResourceTemplatesResult
{
    /// <summary>The templates.</summary>
    [JsonPropertyName("resourceTemplates")]
    public required IReadOnlyList<ResourceTemplate> ResourceTemplates { get; init; }

    /// <summary>Where the next page starts, if any.</summary>
    [JsonPropertyName("nextCursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}
