using System.Collections.Immutable;

namespace Codex.Testing;

/// <summary>
/// What the scripted server answers to one request: a list of <see cref="ReplyStep"/>s plus completion data.
/// Immutable; every <c>With…</c>/<c>Then…</c> method returns a new reply. Without a terminal step the
/// stream ends normally (<c>response.completed</c>, or a <c>finish_reason</c> chunk and <c>[DONE]</c>).
/// </summary>
public sealed class ScriptedReply
{
    private readonly ImmutableList<ReplyStep> _steps;
    private readonly ImmutableList<KeyValuePair<string, string>> _headers;

    private ScriptedReply(ImmutableList<ReplyStep> steps, ScriptedUsage? usage, string? responseId, ImmutableList<KeyValuePair<string, string>> headers)
    {
        _steps = steps;
        _headers = headers;
        Usage = usage;
        ResponseId = responseId;
    }

    /// <summary>A reply with no output items (it still completes).</summary>
    public static ScriptedReply Empty { get; } = new([], null, null, []);

    /// <summary>The steps, in play order.</summary>
    public IReadOnlyList<ReplyStep> Steps => _steps;

    /// <summary>Usage reported at completion; zeros when null.</summary>
    public ScriptedUsage? Usage { get; }

    /// <summary>Response id; the server numbers them when null.</summary>
    public string? ResponseId { get; }

    /// <summary>Extra response headers (e.g. <c>x-codex-primary-used-percent</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>A text answer streamed in <paramref name="deltas"/> pieces.</summary>
    public static ScriptedReply Text(string text, int deltas = 3) => Empty.WithMessage(text, deltas);

    /// <summary>A single function call.</summary>
    public static ScriptedReply Call(string name, string argumentsJson, string callId) => Empty.WithFunctionCall(name, argumentsJson, callId);

    /// <summary>An HTTP error answer with a JSON body <c>{"error":{"message":…,"type":…}}</c> unless <paramref name="body"/> is given.</summary>
    public static ScriptedReply Error(int status, string? body = null, TimeSpan? retryAfter = null) =>
        Empty.ThenHttpError(status, body, retryAfter);

    /// <summary>Adds an assistant message.</summary>
    public ScriptedReply WithMessage(string text, int deltas = 3)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(deltas, 1);
        return Add(new ReplyStep.Message(text, deltas));
    }

    /// <summary>
    /// Adds an assistant message whose <paramref name="deltas"/> pieces are paced evenly over
    /// <paramref name="spread"/>: a slow stream, as from a model that writes for a while.
    /// </summary>
    public ScriptedReply WithPacedMessage(string text, int deltas, TimeSpan spread)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(deltas, 1);
        return Add(new ReplyStep.Message(text, deltas) { Spread = NonNegative(spread) });
    }

    /// <summary>Adds a reasoning item with one summary part per entry of <paramref name="summary"/>.</summary>
    public ScriptedReply WithReasoning(IReadOnlyList<string> summary, string? rawContent = null, string? encryptedContent = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Add(new ReplyStep.Reasoning([.. summary], rawContent, encryptedContent));
    }

    /// <summary>Adds a function call.</summary>
    public ScriptedReply WithFunctionCall(string name, string argumentsJson, string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(argumentsJson);
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return Add(new ReplyStep.FunctionCall(name, argumentsJson, callId));
    }

    /// <summary>Adds a hosted web search item with <paramref name="query"/>; the Chat wire cannot carry it and answers 500.</summary>
    public ScriptedReply WithWebSearchCall(string query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        return Add(new ReplyStep.WebSearchCall(query));
    }

    /// <summary>Adds a custom (freeform) tool call; the Chat wire cannot carry it and answers 500.</summary>
    public ScriptedReply WithCustomToolCall(string name, string input, string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return Add(new ReplyStep.CustomToolCall(name, input, callId));
    }

    /// <summary>Pauses; before the first event this delays the response headers too.</summary>
    public ScriptedReply WithDelay(TimeSpan duration) => Add(new ReplyStep.Delay(NonNegative(duration)));

    /// <summary>Sends the headers and then nothing for <paramref name="duration"/>.</summary>
    public ScriptedReply WithIdle(TimeSpan duration) => Add(new ReplyStep.Idle(NonNegative(duration)));

    /// <summary>Ends the body cleanly without completion.</summary>
    public ScriptedReply ThenDropStream() => Add(new ReplyStep.DropStream());

    /// <summary>Resets the connection without completion.</summary>
    public ScriptedReply ThenAbortConnection() => Add(new ReplyStep.AbortConnection());

    /// <summary>Sends <c>response.failed</c> and ends (Responses wire only).</summary>
    public ScriptedReply ThenFail(string? code, string message) => Add(new ReplyStep.Failed(code, message));

    /// <summary>Answers with an HTTP error; only delays may come before it.</summary>
    public ScriptedReply ThenHttpError(int status, string? body = null, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        if (_steps.Any(step => step is not ReplyStep.Delay))
        {
            throw new InvalidOperationException("An HTTP error must come before any streamed output; only delays may precede it.");
        }

        body ??= $$$"""{"error":{"message":"scripted error {{{status}}}","type":"scripted_error","code":null}}""";
        return Add(new ReplyStep.HttpError(status, body, retryAfter));
    }

    /// <summary>Sets the usage reported at completion.</summary>
    public ScriptedReply WithUsage(long inputTokens, long outputTokens, long cachedInputTokens = 0, long reasoningOutputTokens = 0) =>
        new(_steps, new ScriptedUsage(inputTokens, outputTokens, cachedInputTokens, reasoningOutputTokens), ResponseId, _headers);

    /// <summary>Sets the response id.</summary>
    public ScriptedReply WithResponseId(string responseId) => new(_steps, Usage, responseId, _headers);

    /// <summary>Adds a response header.</summary>
    public ScriptedReply WithHeader(string name, string value) => new(_steps, Usage, ResponseId, _headers.Add(new(name, value)));

    /// <summary>Appends a step, enforcing that nothing follows a terminal step.</summary>
    public ScriptedReply Add(ReplyStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_steps.Count > 0 && _steps[^1].IsTerminal)
        {
            throw new InvalidOperationException($"No step may follow {_steps[^1].GetType().Name}; it ends the reply.");
        }

        return new ScriptedReply(_steps.Add(step), Usage, ResponseId, _headers);
    }

    private static TimeSpan NonNegative(TimeSpan duration) =>
        duration >= TimeSpan.Zero ? duration : throw new ArgumentOutOfRangeException(nameof(duration), duration, "A duration must not be negative.");
}
