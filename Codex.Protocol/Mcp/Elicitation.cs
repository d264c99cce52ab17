using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The MCP-standard parameters of <c>elicitation/create</c>.</summary>
public record ElicitRequestParams
{
    /// <summary>What the user is asked.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>
    /// The schema of the answer's content. Codex sends <see cref="ApprovalElicitationSchema.RequestedSchema"/>
    /// (Codex 0.153.4 sent <c>{"type":"object","properties":{}}</c>).
    /// </summary>
    [JsonPropertyName("requestedSchema")]
    public required JsonElement RequestedSchema { get; init; }

    /// <summary>Request metadata; a task's approval carries <c>io.modelcontextprotocol/related-task</c>.</summary>
    [JsonPropertyName("_meta")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RequestMeta? Meta { get; init; }
}

/// <summary>
/// The MCP-standard answer to <c>elicitation/create</c>: <c>{action, content}</c>. Codex servers
/// also take <c>{"decision": …}</c>; see <see cref="Protocol.ApprovalAnswer"/>.
/// </summary>
public sealed record ElicitResult
{
    /// <summary><c>accept</c>, <c>decline</c> or <c>cancel</c>.</summary>
    [JsonPropertyName("action")]
    public required string Action { get; init; }

    /// <summary>The form content, with <c>accept</c>.</summary>
    [JsonPropertyName("content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Content { get; init; }
}
