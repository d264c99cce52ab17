using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>What an MCP server offers.</summary>
public sealed record ServerCapabilities
{
    /// <summary>Tools, and whether their list can change.</summary>
    [JsonPropertyName("tools")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ListChangedCapability? Tools { get; init; }

    /// <summary>Resources.</summary>
    [JsonPropertyName("resources")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResourcesCapability? Resources { get; init; }

    /// <summary>Prompts.</summary>
    [JsonPropertyName("prompts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ListChangedCapability? Prompts { get; init; }

    /// <summary>Argument completion through <c>completion/complete</c>.</summary>
    [JsonPropertyName("completions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EmptyObject? Completions { get; init; }

    /// <summary>Log messages through <c>notifications/message</c>, with <c>logging/setLevel</c>.</summary>
    [JsonPropertyName("logging")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EmptyObject? Logging { get; init; }

    /// <summary>Task-augmented requests (MCP 2025-11-25): which requests may be tasks, and <c>tasks/list</c>, <c>tasks/cancel</c>.</summary>
    [JsonPropertyName("tasks")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ServerTasksCapability? Tasks { get; init; }
}

/// <summary>A capability with an optional <c>listChanged</c> flag.</summary>
public sealed record ListChangedCapability
{
    /// <summary>Whether the server sends list-changed notifications.</summary>
    [JsonPropertyName("listChanged")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ListChanged { get; init; }
}

/// <summary>The resources capability.</summary>
public sealed record ResourcesCapability
{
    /// <summary>Whether clients can subscribe to resource updates.</summary>
    [JsonPropertyName("subscribe")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Subscribe { get; init; }

    /// <summary>Whether the server sends list-changed notifications.</summary>
    [JsonPropertyName("listChanged")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ListChanged { get; init; }
}

/// <summary>The JSON object <c>{}</c>: used for results and capabilities without members.</summary>
public sealed record EmptyObject
{
    /// <summary>The single instance.</summary>
    public static EmptyObject Instance { get; } = new();

    /// <summary><c>{}</c> as a <see cref="System.Text.Json.JsonElement"/>, e.g. for arguments that were not given.</summary>
    public static System.Text.Json.JsonElement Element { get; } = ParseEmpty();

    private static System.Text.Json.JsonElement ParseEmpty()
    {
        using var document = System.Text.Json.JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
