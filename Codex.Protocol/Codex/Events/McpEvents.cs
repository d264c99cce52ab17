using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>Which tool of which configured MCP server the model called.</summary>
public sealed record McpInvocation
{
    /// <summary>The server's name in config.toml.</summary>
    [JsonPropertyName("server")]
    public required string Server { get; init; }

    /// <summary>The tool's name.</summary>
    [JsonPropertyName("tool")]
    public required string Tool { get; init; }

    /// <summary>The arguments, or null.</summary>
    [JsonPropertyName("arguments")]
    public JsonElement? Arguments { get; init; }
}

/// <summary><c>mcp_tool_call_begin</c>: the model called a tool of a configured MCP server.</summary>
public sealed record McpToolCallBeginEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>What was called.</summary>
    [JsonPropertyName("invocation")]
    public required McpInvocation Invocation { get; init; }
}

/// <summary><c>mcp_tool_call_end</c>: that call finished.</summary>
public sealed record McpToolCallEndEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>What was called.</summary>
    [JsonPropertyName("invocation")]
    public required McpInvocation Invocation { get; init; }

    /// <summary>How long it took.</summary>
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    /// <summary><c>{"Ok": CallToolResult}</c> or <c>{"Err": message}</c>.</summary>
    [JsonPropertyName("result")]
    public required JsonElement Result { get; init; }
}

/// <summary><c>mcp_list_tools_response</c>: internal; not produced by MCP flows.</summary>
public sealed record McpListToolsResponseEvent : EventMsg
{
    /// <summary>Tools by qualified name.</summary>
    [JsonPropertyName("tools")]
    public required IReadOnlyDictionary<string, JsonElement> Tools { get; init; }

    /// <summary>Resources by server.</summary>
    [JsonPropertyName("resources")]
    public IReadOnlyDictionary<string, JsonElement>? Resources { get; init; }

    /// <summary>Resource templates by server.</summary>
    [JsonPropertyName("resource_templates")]
    public IReadOnlyDictionary<string, JsonElement>? ResourceTemplates { get; init; }

    /// <summary>Authentication status by server.</summary>
    [JsonPropertyName("auth_statuses")]
    public IReadOnlyDictionary<string, string>? AuthStatuses { get; init; }
}
