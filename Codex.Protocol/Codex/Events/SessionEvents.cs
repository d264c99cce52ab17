using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary><c>session_configured</c>: the first event of every <c>codex</c> call.</summary>
public sealed record SessionConfiguredEvent : EventMsg
{
    /// <summary>The conversation id (a lowercase UUIDv7).</summary>
    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    /// <summary>The model slug.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>The reasoning effort; omitted when unset.</summary>
    [JsonPropertyName("reasoning_effort")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReasoningEffort { get; init; }

    /// <summary>The inode of <c>history.jsonl</c>, or 0; omitted when null (later releases drop it).</summary>
    [JsonPropertyName("history_log_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? HistoryLogId { get; init; }

    /// <summary>The number of entries in <c>history.jsonl</c>, or 0; omitted when null (later releases drop it).</summary>
    [JsonPropertyName("history_entry_count")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? HistoryEntryCount { get; init; }

    /// <summary>Events replayed from a resumed conversation; omitted for new ones.</summary>
    [JsonPropertyName("initial_messages")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EventMsg>? InitialMessages { get; init; }

    /// <summary>The JSONL transcript (rollout) file of the conversation.</summary>
    [JsonPropertyName("rollout_path")]
    public required string RolloutPath { get; init; }
}

/// <summary><c>conversation_path</c>: internal; not produced by MCP flows.</summary>
public sealed record ConversationPathEvent : EventMsg
{
    /// <summary>The conversation id.</summary>
    [JsonPropertyName("conversation_id")]
    public required string ConversationId { get; init; }

    /// <summary>The rollout path.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }
}

/// <summary><c>get_history_entry_response</c>: internal; not produced by MCP flows.</summary>
public sealed record GetHistoryEntryResponseEvent : EventMsg
{
    /// <summary>The requested offset.</summary>
    [JsonPropertyName("offset")]
    public long Offset { get; init; }

    /// <summary>The history log id.</summary>
    [JsonPropertyName("log_id")]
    public long LogId { get; init; }

    /// <summary>The entry; omitted when absent.</summary>
    [JsonPropertyName("entry")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HistoryEntry? Entry { get; init; }
}

/// <summary>One line of <c>history.jsonl</c>.</summary>
public sealed record HistoryEntry
{
    /// <summary>The conversation id.</summary>
    [JsonPropertyName("conversation_id")]
    public required string ConversationId { get; init; }

    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("ts")]
    public long Ts { get; init; }

    /// <summary>The prompt text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary><c>list_custom_prompts_response</c>: internal; not produced by MCP flows.</summary>
public sealed record ListCustomPromptsResponseEvent : EventMsg
{
    /// <summary>The prompts.</summary>
    [JsonPropertyName("custom_prompts")]
    public required IReadOnlyList<CustomPrompt> CustomPrompts { get; init; }
}

/// <summary>A user-defined prompt file.</summary>
public sealed record CustomPrompt
{
    /// <summary>The prompt's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Its file.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>Its text.</summary>
    [JsonPropertyName("content")]
    public required string Content { get; init; }

    /// <summary>A description, or null (written as <c>null</c>, spec §3.2).</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>An argument hint, or null (written as <c>null</c>, spec §3.2).</summary>
    [JsonPropertyName("argument_hint")]
    public string? ArgumentHint { get; init; }
}

/// <summary><c>entered_review_mode</c>: review op; not produced by MCP flows.</summary>
public sealed record EnteredReviewModeEvent : EventMsg
{
    /// <summary>The review prompt.</summary>
    [JsonPropertyName("prompt")]
    public required string Prompt { get; init; }

    /// <summary>A hint for the user.</summary>
    [JsonPropertyName("user_facing_hint")]
    public required string UserFacingHint { get; init; }
}

/// <summary><c>exited_review_mode</c>: review op; not produced by MCP flows.</summary>
public sealed record ExitedReviewModeEvent : EventMsg
{
    /// <summary>The review's findings (spec §3.2 <c>ReviewOutput</c>), kept as JSON.</summary>
    [JsonPropertyName("review_output")]
    public JsonElement? ReviewOutput { get; init; }
}
