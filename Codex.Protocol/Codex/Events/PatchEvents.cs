using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary><c>apply_patch_approval_request</c>: the agent asks before writing a patch.</summary>
public sealed record ApplyPatchApprovalRequestEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The changes, keyed by absolute path.</summary>
    [JsonPropertyName("changes")]
    public required IReadOnlyDictionary<string, FileChange> Changes { get; init; }

    /// <summary>Why approval is needed; omitted when absent.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>A root the user may grant write access to; omitted when absent.</summary>
    [JsonPropertyName("grant_root")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GrantRoot { get; init; }
}

/// <summary><c>patch_apply_begin</c>: a patch is about to be written.</summary>
public sealed record PatchApplyBeginEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>True when no one was asked.</summary>
    [JsonPropertyName("auto_approved")]
    public required bool AutoApproved { get; init; }

    /// <summary>The changes, keyed by absolute path.</summary>
    [JsonPropertyName("changes")]
    public required IReadOnlyDictionary<string, FileChange> Changes { get; init; }
}

/// <summary><c>patch_apply_end</c>: the patch finished.</summary>
public sealed record PatchApplyEndEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>For example <c>Success. Updated the following files:\nA hello.txt\n</c>.</summary>
    [JsonPropertyName("stdout")]
    public required string Stdout { get; init; }

    /// <summary>The failure text, if any.</summary>
    [JsonPropertyName("stderr")]
    public required string Stderr { get; init; }

    /// <summary>Whether every change was written.</summary>
    [JsonPropertyName("success")]
    public required bool Success { get; init; }
}
