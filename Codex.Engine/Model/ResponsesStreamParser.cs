using Codex.Protocol;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Codex.Engine.Model;

/// <summary>
/// Turns Responses API SSE events into <see cref="ModelEvent"/>s (spec §9.1 table). Only the JSON <c>type</c>
/// matters; non-JSON data and unknown types are skipped. <c>response.completed</c> ends the stream (we stop
/// reading there rather than waiting for the server to close); a stream that ends without it is a retryable error.
/// </summary>
internal static partial class ResponsesStreamParser
{
    public const string ClosedEarlyMessage = "stream closed before response.completed";

    public static async IAsyncEnumerable<ModelEvent> ParseAsync(IAsyncEnumerable<SseItem<string>> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var sse in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(sse.Data);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || JsonElementReading.StringProperty(root, "type") is not { } type)
                {
                    continue;
                }

                switch (type)
                {
                    case "response.output_text.delta":
                        if (JsonElementReading.StringProperty(root, "delta") is { } text)
                        {
                            yield return new ModelEvent.OutputTextDelta(text);
                        }

                        break;
                    case "response.reasoning_summary_text.delta":
                        if (JsonElementReading.StringProperty(root, "delta") is { } summary)
                        {
                            yield return new ModelEvent.ReasoningSummaryDelta(summary);
                        }

                        break;
                    case "response.reasoning_summary_part.added":
                        yield return new ModelEvent.ReasoningSectionBreak();
                        break;
                    case "response.reasoning_text.delta":
                        if (JsonElementReading.StringProperty(root, "delta") is { } raw)
                        {
                            yield return new ModelEvent.ReasoningRawDelta(raw);
                        }

                        break;
                    case "response.output_item.added":
                        if (root.TryGetProperty("item", out var added)
                            && JsonElementReading.StringProperty(added, "type") == "web_search_call")
                        {
                            yield return new ModelEvent.WebSearchBegin(JsonElementReading.StringProperty(added, "id") ?? JsonElementReading.StringProperty(added, "call_id") ?? string.Empty);
                        }

                        break;
                    case "response.output_item.done":
                        if (root.TryGetProperty("item", out var done) && ResponseItem.TryParse(done, out var item))
                        {
                            yield return new ModelEvent.OutputItemDone(item);
                        }

                        break;
                    case "response.failed":
                        throw Failed(root);
                    case "response.completed":
                        yield return Completed(root);
                        yield break;
                    default:
                        break;
                }
            }
        }

        throw new ModelException(ModelErrorKind.Stream, ClosedEarlyMessage);
    }

    private static ModelEvent.Completed Completed(JsonElement root)
    {
        if (!root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            return new ModelEvent.Completed(null, null);
        }

        TokenUsage? usage = null;
        if (response.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
        {
            usage = new TokenUsage
            {
                InputTokens = JsonElementReading.LongProperty(u, "input_tokens"),
                CachedInputTokens = u.TryGetProperty("input_tokens_details", out var inputDetails) ? JsonElementReading.LongProperty(inputDetails, "cached_tokens") : 0,
                OutputTokens = JsonElementReading.LongProperty(u, "output_tokens"),
                ReasoningOutputTokens = u.TryGetProperty("output_tokens_details", out var outputDetails) ? JsonElementReading.LongProperty(outputDetails, "reasoning_tokens") : 0,
                TotalTokens = JsonElementReading.LongProperty(u, "total_tokens"),
            };
        }

        return new ModelEvent.Completed(JsonElementReading.StringProperty(response, "id"), usage);
    }

    private static ModelException Failed(JsonElement root)
    {
        var error = root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
            && response.TryGetProperty("error", out var e)
                ? ErrorBody.FromElement(e)
                : new ErrorBody(null, null, null);

        if (error.Code == "context_length_exceeded")
        {
            return new ModelException(ModelErrorKind.ContextWindowExceeded, ModelPipeline.ContextWindowMessage);
        }

        var message = error.Message ?? "response.failed event received";
        var delay = error.Code == "rate_limit_exceeded" ? SuggestedDelay(message) : null;
        return new ModelException(ModelErrorKind.Stream, message, retryDelay: delay);
    }

    /// <summary>Reads "Please try again in 1.5s" / "in 250ms" from a rate-limit message.</summary>
    internal static TimeSpan? SuggestedDelay(string message)
    {
        var match = TryAgainPattern().Match(message);
        if (!match.Success || !double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return match.Groups["unit"].Value.Equals("ms", StringComparison.OrdinalIgnoreCase)
            ? TimeSpan.FromMilliseconds(value)
            : TimeSpan.FromSeconds(value);
    }


    [GeneratedRegex(@"try again in\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|s)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TryAgainPattern();
}
