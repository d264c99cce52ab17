using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary><c>item_started</c>: an item of the turn began (the user's prompt, at the start of a turn).</summary>
public sealed record ItemStartedEvent : EventMsg
{
    /// <summary>The conversation id.</summary>
    [JsonPropertyName("thread_id")]
    public required string ThreadId { get; init; }

    /// <summary>The submission id of the turn.</summary>
    [JsonPropertyName("turn_id")]
    public required string TurnId { get; init; }

    /// <summary>The item.</summary>
    [JsonPropertyName("item")]
    public required TurnItem Item { get; init; }
}

/// <summary><c>item_completed</c>: an item of the turn completed.</summary>
public sealed record ItemCompletedEvent : EventMsg
{
    /// <summary>The conversation id.</summary>
    [JsonPropertyName("thread_id")]
    public required string ThreadId { get; init; }

    /// <summary>The submission id of the turn.</summary>
    [JsonPropertyName("turn_id")]
    public required string TurnId { get; init; }

    /// <summary>The item.</summary>
    [JsonPropertyName("item")]
    public required TurnItem Item { get; init; }
}
