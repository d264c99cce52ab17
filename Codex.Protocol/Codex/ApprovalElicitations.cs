using System.Text.Json.Serialization;
using Codex.Protocol.Mcp;

namespace Codex.Protocol;

/// <summary>The <c>codex_elicitation</c> values.</summary>
public static class CodexElicitationKinds
{
    /// <summary>Approval to run a command.</summary>
    public const string ExecApproval = "exec-approval";

    /// <summary>Approval to write a patch.</summary>
    public const string PatchApproval = "patch-approval";

    /// <summary>Approval to call a tool of one of the agent's own MCP servers.</summary>
    public const string McpToolCallApproval = "mcp-tool-call-approval";

    /// <summary>A question from one of the agent's own MCP servers, forwarded to the user.</summary>
    public const string McpServerElicitation = "mcp-server-elicitation";
}

/// <summary>The Codex fields shared by both approval elicitations.</summary>
public abstract record CodexApprovalElicitRequestParams : ElicitRequestParams
{
    /// <summary>The conversation id (0.153.4 and later).</summary>
    [JsonPropertyName("threadId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThreadId { get; init; }

    /// <summary>One of <see cref="CodexElicitationKinds"/>.</summary>
    [JsonPropertyName("codex_elicitation")]
    public required string CodexElicitation { get; init; }

    /// <summary>The originating <c>tools/call</c> id, as a string.</summary>
    [JsonPropertyName("codex_mcp_tool_call_id")]
    public required string CodexMcpToolCallId { get; init; }

    /// <summary>The id of the approval-request event (the submission id).</summary>
    [JsonPropertyName("codex_event_id")]
    public required string CodexEventId { get; init; }

    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("codex_call_id")]
    public required string CodexCallId { get; init; }
}

/// <summary>The params of an exec-approval <c>elicitation/create</c> (spec §4.1).</summary>
public sealed record ExecApprovalElicitRequestParams : CodexApprovalElicitRequestParams
{
    /// <summary>The argv.</summary>
    [JsonPropertyName("codex_command")]
    public required IReadOnlyList<string> CodexCommand { get; init; }

    /// <summary>The absolute working directory.</summary>
    [JsonPropertyName("codex_cwd")]
    public required string CodexCwd { get; init; }

    /// <summary>A summary of what the command does.</summary>
    [JsonPropertyName("codex_parsed_cmd")]
    public required IReadOnlyList<ParsedCommand> CodexParsedCmd { get; init; }

    /// <summary>Why approval is needed; only present when set.</summary>
    [JsonPropertyName("codex_reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CodexReason { get; init; }
}

/// <summary>The params of a patch-approval <c>elicitation/create</c> (spec §4.2).</summary>
public sealed record PatchApprovalElicitRequestParams : CodexApprovalElicitRequestParams
{
    /// <summary>The changes, keyed by absolute path.</summary>
    [JsonPropertyName("codex_changes")]
    public required IReadOnlyDictionary<string, FileChange> CodexChanges { get; init; }

    /// <summary>Why approval is needed; only present when set.</summary>
    [JsonPropertyName("codex_reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CodexReason { get; init; }

    /// <summary>A root the user may grant write access to; only present when set.</summary>
    [JsonPropertyName("codex_grant_root")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CodexGrantRoot { get; init; }
}

/// <summary>
/// The params of an <c>elicitation/create</c> that asks whether the agent may call a tool of one of
/// its own MCP servers (<c>[mcp_servers]</c>); a Codex for .NET addition.
/// </summary>
public sealed record McpToolApprovalElicitRequestParams : CodexApprovalElicitRequestParams
{
    /// <summary>The MCP server's name in <c>config.toml</c>.</summary>
    [JsonPropertyName("codex_mcp_server")]
    public required string CodexMcpServer { get; init; }

    /// <summary>The tool's name on that server.</summary>
    [JsonPropertyName("codex_mcp_tool")]
    public required string CodexMcpTool { get; init; }

    /// <summary>The call's arguments; only present when the model sent any.</summary>
    [JsonPropertyName("codex_mcp_arguments")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public System.Text.Json.JsonElement? CodexMcpArguments { get; init; }
}

/// <summary>
/// The params of an <c>elicitation/create</c> that forwards a question from one of the agent's own
/// MCP servers to the user; the answer goes back to that server as it is. A Codex for .NET addition.
/// </summary>
public sealed record ForwardedElicitRequestParams : ElicitRequestParams
{
    /// <summary>The conversation whose turn the question came from, when known.</summary>
    [JsonPropertyName("threadId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThreadId { get; init; }

    /// <summary>Always <see cref="CodexElicitationKinds.McpServerElicitation"/>.</summary>
    [JsonPropertyName("codex_elicitation")]
    public string CodexElicitation { get; init; } = CodexElicitationKinds.McpServerElicitation;

    /// <summary>The MCP server's name in <c>config.toml</c>.</summary>
    [JsonPropertyName("codex_mcp_server")]
    public required string CodexMcpServer { get; init; }

    /// <summary>The tool whose call the server was serving, when known.</summary>
    [JsonPropertyName("codex_mcp_tool")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CodexMcpTool { get; init; }
}
