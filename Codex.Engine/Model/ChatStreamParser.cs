using Codex.Protocol;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Codex.Engine.Model;

/// <summary>
/// Turns Chat Completions SSE chunks into <see cref="ModelEvent"/>s (spec §9.2). Text and raw reasoning are
/// streamed and accumulated; tool-call deltas are accumulated per <c>index</c> for every element of
/// <c>delta.tool_calls</c> (the original reads only element 0, which collapses parallel calls). The first
/// <c>finish_reason</c> or <c>[DONE]</c> flushes reasoning, message and calls, in that order, and completes.
/// Unlike the original, a stream that ends with neither is a retryable error rather than a silent completion.
/// </summary>
internal static class ChatStreamParser
{
    public const string ClosedEarlyMessage = "stream closed before finish_reason or [DONE]";

    public static async IAsyncEnumerable<ModelEvent> ParseAsync(IAsyncEnumerable<SseItem<string>> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new State();
        await foreach (var sse in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var data = sse.Data.Trim();
            if (data == "[DONE]")
            {
                foreach (var flushed in state.Flush())
                {
                    yield return flushed;
                }

                yield break;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(data);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    throw new ModelException(ModelErrorKind.Stream, ErrorBody.FromElement(error).Message ?? "the server reported an error in the stream");
                }

                state.ResponseId ??= JsonElementReading.StringProperty(root, "id");
                if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    state.Usage = ParseUsage(usage);
                }

                if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
                {
                    continue;
                }

                var choice = choices[0];
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    if (JsonElementReading.StringProperty(delta, "content") is { Length: > 0 } text)
                    {
                        state.Text.Append(text);
                        yield return new ModelEvent.OutputTextDelta(text);
                    }

                    if (ReasoningText(delta) is { Length: > 0 } reasoning)
                    {
                        state.Reasoning.Append(reasoning);
                        yield return new ModelEvent.ReasoningRawDelta(reasoning);
                    }

                    if (delta.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var toolCall in toolCalls.EnumerateArray())
                        {
                            state.Accumulate(toolCall);
                        }
                    }
                }

                if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                    && ReasoningText(message) is { Length: > 0 } messageReasoning)
                {
                    state.Reasoning.Append(messageReasoning);
                    yield return new ModelEvent.ReasoningRawDelta(messageReasoning);
                }

                if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    foreach (var flushed in state.Flush())
                    {
                        yield return flushed;
                    }

                    yield break;
                }
            }
        }

        throw new ModelException(ModelErrorKind.Stream, ClosedEarlyMessage);
    }

    private static string? ReasoningText(JsonElement holder)
    {
        if (!holder.TryGetProperty("reasoning", out var reasoning))
        {
            return null;
        }

        return reasoning.ValueKind switch
        {
            JsonValueKind.String => reasoning.GetString(),
            JsonValueKind.Object => JsonElementReading.StringProperty(reasoning, "text") ?? JsonElementReading.StringProperty(reasoning, "content"),
            _ => null,
        };
    }

    private static TokenUsage ParseUsage(JsonElement usage) => new()
    {
        InputTokens = JsonElementReading.LongProperty(usage, "prompt_tokens"),
        CachedInputTokens = usage.TryGetProperty("prompt_tokens_details", out var prompt) ? JsonElementReading.LongProperty(prompt, "cached_tokens") : 0,
        OutputTokens = JsonElementReading.LongProperty(usage, "completion_tokens"),
        ReasoningOutputTokens = usage.TryGetProperty("completion_tokens_details", out var completion) ? JsonElementReading.LongProperty(completion, "reasoning_tokens") : 0,
        TotalTokens = JsonElementReading.LongProperty(usage, "total_tokens"),
    };


    private sealed class State
    {
        private readonly SortedDictionary<int, PendingCall> _calls = [];
        private int _lastKey;

        public StringBuilder Text { get; } = new();

        public StringBuilder Reasoning { get; } = new();

        public string? ResponseId { get; set; }

        public TokenUsage? Usage { get; set; }

        public void Accumulate(JsonElement toolCall)
        {
            if (toolCall.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var id = JsonElementReading.StringProperty(toolCall, "id");
            int key;
            if (toolCall.TryGetProperty("index", out var index) && index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out var i))
            {
                key = i;
            }
            else if (id is not null)
            {
                // No index: an id we know continues that call, a new id starts the next one.
                var known = _calls.FirstOrDefault(pair => pair.Value.Id == id);
                key = known.Value is not null ? known.Key : (_calls.Count == 0 ? 0 : _calls.Keys.Max() + 1);
            }
            else
            {
                key = _lastKey;
            }

            if (!_calls.TryGetValue(key, out var call))
            {
                call = new PendingCall();
                _calls[key] = call;
            }

            call.Id ??= id;
            if (toolCall.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
            {
                call.Name ??= JsonElementReading.StringProperty(function, "name");
                if (JsonElementReading.StringProperty(function, "arguments") is { } arguments)
                {
                    call.Arguments.Append(arguments);
                }
            }

            _lastKey = key;
        }

        public IEnumerable<ModelEvent> Flush()
        {
            if (Reasoning.Length > 0)
            {
                yield return new ModelEvent.OutputItemDone(new ReasoningItem
                {
                    Summary = [],
                    Content = [new ReasoningText { Text = Reasoning.ToString() }],
                });
            }

            if (Text.Length > 0)
            {
                yield return new ModelEvent.OutputItemDone(MessageItem.Assistant(Text.ToString()));
            }

            foreach (var call in _calls.Values)
            {
                if (call.Name is null)
                {
                    continue;
                }

                yield return new ModelEvent.OutputItemDone(new FunctionCallItem
                {
                    Name = call.Name,
                    Arguments = call.Arguments.ToString(),
                    CallId = call.Id ?? "call_" + Guid.NewGuid().ToString("N"),
                });
            }

            yield return new ModelEvent.Completed(ResponseId, Usage);
        }
    }

    private sealed class PendingCall
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
