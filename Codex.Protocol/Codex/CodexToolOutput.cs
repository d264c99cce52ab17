using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// The <c>structuredContent</c> of a <c>codex</c>/<c>codex-reply</c> result:
/// <c>{threadId, conversationId, content}</c>. The result's text blocks carry the same message and
/// a <c>conversationId: …</c> line for clients that drop structured content.
/// </summary>
public sealed record CodexToolOutput
{
    /// <summary>The conversation id.</summary>
    [JsonPropertyName("threadId")]
    public required string ThreadId { get; init; }

    /// <summary>The same id, under the original name.</summary>
    [JsonPropertyName("conversationId")]
    public required string ConversationId { get; init; }

    /// <summary>The last agent message of the turn.</summary>
    [JsonPropertyName("content")]
    public required string Content { get; init; }
}
