using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary><c>agent_message</c>: a complete assistant message.</summary>
public sealed record AgentMessageEvent : EventMsg
{
    /// <summary>The text.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }
}

/// <summary><c>agent_message_delta</c>: streamed assistant text.</summary>
public sealed record AgentMessageDeltaEvent : EventMsg
{
    /// <summary>The next piece of text.</summary>
    [JsonPropertyName("delta")]
    public required string Delta { get; init; }
}

/// <summary><c>user_message</c>: a user-role message the turn added.</summary>
public sealed record UserMessageEvent : EventMsg
{
    /// <summary>The text.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary><c>plain</c>, <c>user_instructions</c> or <c>environment_context</c>; omitted when absent.</summary>
    [JsonPropertyName("kind")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    /// <summary>Image URLs; omitted when absent.</summary>
    [JsonPropertyName("images")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Images { get; init; }
}

/// <summary><c>agent_reasoning</c>: one reasoning-summary entry.</summary>
public sealed record AgentReasoningEvent : EventMsg
{
    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary><c>agent_reasoning_delta</c>: streamed reasoning-summary text.</summary>
public sealed record AgentReasoningDeltaEvent : EventMsg
{
    /// <summary>The next piece of text.</summary>
    [JsonPropertyName("delta")]
    public required string Delta { get; init; }
}

/// <summary><c>agent_reasoning_raw_content</c>: raw reasoning text.</summary>
public sealed record AgentReasoningRawContentEvent : EventMsg
{
    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary><c>agent_reasoning_raw_content_delta</c>: streamed raw reasoning text.</summary>
public sealed record AgentReasoningRawContentDeltaEvent : EventMsg
{
    /// <summary>The next piece of text.</summary>
    [JsonPropertyName("delta")]
    public required string Delta { get; init; }
}

/// <summary><c>agent_reasoning_section_break</c>: a new reasoning-summary part began.</summary>
public sealed record AgentReasoningSectionBreakEvent : EventMsg;
