namespace Codex.Testing;

/// <summary>One step of a <see cref="ScriptedReply"/>, played in order.</summary>
public abstract record ReplyStep
{
    private ReplyStep()
    {
    }

    /// <summary>Whether no step may follow this one.</summary>
    public virtual bool IsTerminal => false;

    /// <summary>An assistant message streamed as <paramref name="Deltas"/> text deltas, then its final item.</summary>
    public sealed record Message(string Text, int Deltas) : ReplyStep
    {
        /// <summary>How long streaming the deltas takes (evenly paced); zero sends them as fast as possible.</summary>
        public TimeSpan Spread { get; init; }
    }

    /// <summary>A reasoning item: summary parts (streamed), optional raw text and encrypted content.</summary>
    public sealed record Reasoning(IReadOnlyList<string> Summary, string? RawContent, string? EncryptedContent) : ReplyStep;

    /// <summary>A function call; <paramref name="Arguments"/> is JSON text.</summary>
    public sealed record FunctionCall(string Name, string Arguments, string CallId) : ReplyStep;

    /// <summary>A freeform custom tool call (Responses wire only).</summary>
    public sealed record CustomToolCall(string Name, string Input, string CallId) : ReplyStep;

    /// <summary>A hosted web search the provider ran (Responses wire only): <c>web_search_call</c> added, then done with its query.</summary>
    public sealed record WebSearchCall(string Query) : ReplyStep;

    /// <summary>A pause. Before any event the response has not started yet (the client waits for headers).</summary>
    public sealed record Delay(TimeSpan Duration) : ReplyStep;

    /// <summary>Send the 200 headers, then nothing for <paramref name="Duration"/>.</summary>
    public sealed record Idle(TimeSpan Duration) : ReplyStep;

    /// <summary>Answer with an HTTP error instead of a stream (only delays may precede it).</summary>
    public sealed record HttpError(int Status, string Body, TimeSpan? RetryAfter) : ReplyStep
    {
        /// <inheritdoc/>
        public override bool IsTerminal => true;
    }

    /// <summary>End the body cleanly without <c>response.completed</c> / <c>[DONE]</c>.</summary>
    public sealed record DropStream : ReplyStep
    {
        /// <inheritdoc/>
        public override bool IsTerminal => true;
    }

    /// <summary>Reset the connection mid-stream.</summary>
    public sealed record AbortConnection : ReplyStep
    {
        /// <inheritdoc/>
        public override bool IsTerminal => true;
    }

    /// <summary>Send <c>response.failed</c> with this error and end the body (Responses wire only).</summary>
    public sealed record Failed(string? Code, string ErrorMessage) : ReplyStep
    {
        /// <inheritdoc/>
        public override bool IsTerminal => true;
    }
}
