using Codex.Protocol;

namespace Codex.Engine.Model;

/// <summary>One event of a streamed model response (spec §9.1/§9.2 tables).</summary>
public abstract record ModelEvent
{
    private ModelEvent()
    {
    }

    /// <summary>Streaming assistant text (<c>agent_message_delta</c>).</summary>
    public sealed record OutputTextDelta(string Delta) : ModelEvent;

    /// <summary>Streaming reasoning-summary text (<c>agent_reasoning_delta</c>).</summary>
    public sealed record ReasoningSummaryDelta(string Delta) : ModelEvent;

    /// <summary>A new reasoning-summary part started (<c>agent_reasoning_section_break</c>).</summary>
    public sealed record ReasoningSectionBreak : ModelEvent;

    /// <summary>Raw reasoning text (<c>agent_reasoning_raw_content_delta</c>, shown only if configured).</summary>
    public sealed record ReasoningRawDelta(string Delta) : ModelEvent;

    /// <summary>A hosted web search started (<c>web_search_begin</c>).</summary>
    public sealed record WebSearchBegin(string CallId) : ModelEvent;

    /// <summary>A completed history item: a message, reasoning, or a tool call to start.</summary>
    public sealed record OutputItemDone(ResponseItem Item) : ModelEvent;

    /// <summary>Rate limits from the response headers; sent first, and only when the headers are present.</summary>
    public sealed record RateLimits(RateLimitSnapshot Snapshot) : ModelEvent;

    /// <summary>The response finished; always the last event of a successful stream.</summary>
    public sealed record Completed(string? ResponseId, TokenUsage? Usage) : ModelEvent;

    /// <summary>
    /// Emitted only by <see cref="StreamRetryLoop"/>: the previous attempt failed and the whole request is being
    /// re-sent. Everything received since the start (or the previous marker) belongs to the failed attempt:
    /// discard its items; the new attempt starts from scratch.
    /// </summary>
    public sealed record StreamRestarted(int Attempt, int MaxRetries, string Reason) : ModelEvent;
}
