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
}

/// <summary>The Codex fields shared by both approval elicitations.</summary>
public abstract record CodexApprovalElicitRequestParams : ElicitRequestParams
{
    /// <summary>The conversation id (0.153.4 and later).</summary>
    [JsonPropertyName("threadId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThreadId { get; init; }

    /// <summary><see cref="CodexElicitationKinds.ExecApproval"/> or <see cref="CodexElicitationKinds.PatchApproval"/>.</summary>
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
