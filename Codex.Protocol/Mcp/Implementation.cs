using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The name and version of an MCP client or server (<c>clientInfo</c>, <c>serverInfo</c>).</summary>
public sealed record Implementation
{
    /// <summary>The programmatic name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>A display name.</summary>
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    /// <summary>The version.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>Codex's non-standard HTTP user agent (snake_case on the wire).</summary>
    [JsonPropertyName("user_agent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserAgent { get; init; }
}
