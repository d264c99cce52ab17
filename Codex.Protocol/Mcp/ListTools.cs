using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The parameters of <c>tools/list</c> (and the other paginated list methods).</summary>
public sealed record PaginatedRequestParams
{
    /// <summary>Where to continue; this server returns everything at once and ignores it.</summary>
    [JsonPropertyName("cursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cursor { get; init; }
}

/// <summary>The result of <c>tools/list</c>.</summary>
public sealed record ListToolsResult
{
    /// <summary>The tools.</summary>
    [JsonPropertyName("tools")]
    public required IReadOnlyList<Tool> Tools { get; init; }

    /// <summary>Where the next page starts, if any.</summary>
    [JsonPropertyName("nextCursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}
