using System.Text.Json;
using Codex.Protocol.Mcp;

namespace Codex.Protocol.Client;

/// <summary>The outcome of a <c>codex</c> or <c>codex-reply</c> call.</summary>
public sealed record CodexCallResult
{
    /// <summary>The raw tool result.</summary>
    public required CallToolResult Result { get; init; }

    /// <summary>
    /// Every <c>codex/event</c> of this call, in the order the server sent them: by
    /// <see cref="CodexEventMeta.Seq"/> when the server numbers its events, else in arrival order.
    /// </summary>
    public required IReadOnlyList<CodexEvent> Events { get; init; }

    /// <summary>True when the tool reported an error.</summary>
    public bool IsError => Result.IsError == true;

    /// <summary>The first text block: the agent's last message, or the error text.</summary>
    public string Text => Result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? string.Empty;

    /// <summary>
    /// The conversation id, from <c>structuredContent.threadId</c>, else the <c>conversationId: …</c>
    /// text block, else the <c>session_configured</c> event.
    /// </summary>
    public string? ConversationId
    {
        get
        {
            if (Result.StructuredContent is { ValueKind: JsonValueKind.Object } structured
                && structured.TryGetProperty("threadId", out var thread) && thread.ValueKind == JsonValueKind.String)
            {
                return thread.GetString();
            }

            const string prefix = "conversationId: ";
            var line = Result.Content.OfType<TextContentBlock>().Select(b => b.Text).FirstOrDefault(t => t.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line[prefix.Length..].Trim();
            }

            return Events.Select(e => e.Msg).OfType<SessionConfiguredEvent>().FirstOrDefault()?.SessionId;
        }
    }
}
