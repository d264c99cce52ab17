using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary><c>task_started</c>: a turn began.</summary>
public sealed record TaskStartedEvent : EventMsg
{
    /// <summary>The model's usable context window, or null when unknown.</summary>
    [JsonPropertyName("model_context_window")]
    public long? ModelContextWindow { get; init; }
}

/// <summary><c>task_complete</c>: a turn ended normally.</summary>
public sealed record TaskCompleteEvent : EventMsg
{
    /// <summary>The text of the last agent message, or null.</summary>
    [JsonPropertyName("last_agent_message")]
    public string? LastAgentMessage { get; init; }
}

/// <summary><c>turn_aborted</c>: a turn was interrupted.</summary>
public sealed record TurnAbortedEvent : EventMsg
{
    /// <summary>Why: <c>interrupted</c>, <c>replaced</c> or <c>review_ended</c>.</summary>
    [JsonPropertyName("reason")]
    public required TurnAbortReason Reason { get; init; }
}

/// <summary>Why a turn was aborted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TurnAbortReason>))]
public enum TurnAbortReason
{
    /// <summary>Cancelled by the client or by an <c>abort</c> decision.</summary>
    [JsonStringEnumMemberName("interrupted")] Interrupted,

    /// <summary>Replaced by a new turn.</summary>
    [JsonStringEnumMemberName("replaced")] Replaced,

    /// <summary>A review ended.</summary>
    [JsonStringEnumMemberName("review_ended")] ReviewEnded,
}

/// <summary><c>error</c>: the turn failed for good (after retries).</summary>
public sealed record ErrorEvent : EventMsg
{
    /// <summary>What went wrong.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }
}

/// <summary><c>stream_error</c>: the model stream failed and is being retried.</summary>
public sealed record StreamErrorEvent : EventMsg
{
    /// <summary>For example <c>Re-connecting... 1/5</c>.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }
}

/// <summary><c>background_event</c>: an informational message.</summary>
public sealed record BackgroundEvent : EventMsg
{
    /// <summary>The message.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }
}

/// <summary><c>token_count</c>: token usage and rate limits (spec §3.4).</summary>
public sealed record TokenCountEvent : EventMsg
{
    /// <summary>Usage so far, or null before any usage was reported.</summary>
    [JsonPropertyName("info")]
    public TokenUsageInfo? Info { get; init; }

    /// <summary>The provider's rate-limit snapshot, or null.</summary>
    [JsonPropertyName("rate_limits")]
    public RateLimitSnapshot? RateLimits { get; init; }
}

/// <summary><c>plan_update</c>: the model updated its plan.</summary>
public sealed record PlanUpdateEvent : EventMsg
{
    /// <summary>An optional explanation.</summary>
    [JsonPropertyName("explanation")]
    public string? Explanation { get; init; }

    /// <summary>The steps.</summary>
    [JsonPropertyName("plan")]
    public required IReadOnlyList<PlanItem> Plan { get; init; }
}

/// <summary><c>turn_diff</c>: the cumulative git-style diff of the files this turn changed.</summary>
public sealed record TurnDiffEvent : EventMsg
{
    /// <summary>The diff.</summary>
    [JsonPropertyName("unified_diff")]
    public required string UnifiedDiff { get; init; }
}

/// <summary><c>shutdown_complete</c>: internal; not produced by MCP flows.</summary>
public sealed record ShutdownCompleteEvent : EventMsg;
