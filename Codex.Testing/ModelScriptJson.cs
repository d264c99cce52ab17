using System.Globalization;
using System.Text.Json;

namespace Codex.Testing;

/// <summary>
/// The JSON form of a <see cref="ModelScript"/> (used by the <c>Codex.MockModel</c> executable):
/// <code>
/// {"mode": "sequence" | "per_conversation",          // default "sequence"
///  "replies": [ "plain text answer",                  // shorthand for one message
///               [ step, … ],                          // shorthand for {"steps": [...]}
///               {"steps": [ step, … ], "usage": {"input_tokens": 10, "output_tokens": 5, "cached_input_tokens": 0,
///                "reasoning_output_tokens": 0}, "response_id": "resp_1", "headers": {"name": "value"}} ]}
/// </code>
/// A bare array is the <c>replies</c> of a sequence. Steps:
/// <c>{"type":"message","text":…,"deltas":3}</c>, <c>{"type":"reasoning","summary":[…] or "…","raw":…,"encrypted_content":…}</c>,
/// <c>{"type":"function_call","name":…,"arguments":"{…}" or {…},"call_id":…}</c>, <c>{"type":"custom_tool_call","name","input","call_id"}</c>,
/// <c>{"type":"delay","ms":…}</c>, <c>{"type":"idle","ms":…}</c>, <c>{"type":"http_error","status":…,"body":"…" or {…},"retry_after_seconds":…}</c>,
/// <c>{"type":"drop"}</c>, <c>{"type":"abort"}</c>, <c>{"type":"failed","code":…,"message":…}</c>.
/// </summary>
public static class ModelScriptJson
{
    /// <summary>Parses a script; malformed input throws <see cref="FormatException"/> naming the offending place.</summary>
    public static ModelScript Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"script: not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var mode = "sequence";
            JsonElement replies;
            if (root.ValueKind == JsonValueKind.Array)
            {
                replies = root;
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("mode", out var modeElement))
                {
                    mode = modeElement.ValueKind == JsonValueKind.String ? modeElement.GetString()! : throw Error("mode", "must be a string");
                }

                if (!root.TryGetProperty("replies", out replies) || replies.ValueKind != JsonValueKind.Array)
                {
                    throw Error("replies", "must be an array of replies");
                }
            }
            else
            {
                throw Error("script", "must be an object with \"replies\" or an array of replies");
            }

            var parsed = replies.EnumerateArray().Select((reply, i) => ParseReply(reply, $"replies[{i}]")).ToList();
            return mode switch
            {
                "sequence" => ModelScript.Sequence(parsed),
                "per_conversation" => ModelScript.PerConversation(parsed),
                _ => throw Error("mode", $"unknown mode '{mode}' (expected \"sequence\" or \"per_conversation\")"),
            };
        }
    }

    private static ScriptedReply ParseReply(JsonElement reply, string where)
    {
        switch (reply.ValueKind)
        {
            case JsonValueKind.String:
                return ScriptedReply.Text(reply.GetString()!);
            case JsonValueKind.Array:
                return ParseSteps(ScriptedReply.Empty, reply, where);
            case JsonValueKind.Object:
                var result = ScriptedReply.Empty;
                if (reply.TryGetProperty("steps", out var steps))
                {
                    if (steps.ValueKind != JsonValueKind.Array)
                    {
                        throw Error($"{where}.steps", "must be an array");
                    }

                    result = ParseSteps(result, steps, where + ".steps");
                }

                if (reply.TryGetProperty("usage", out var usage))
                {
                    result = result.WithUsage(
                        Long(usage, "input_tokens", where + ".usage", 0),
                        Long(usage, "output_tokens", where + ".usage", 0),
                        Long(usage, "cached_input_tokens", where + ".usage", 0),
                        Long(usage, "reasoning_output_tokens", where + ".usage", 0));
                }

                if (reply.TryGetProperty("response_id", out _))
                {
                    result = result.WithResponseId(RequiredString(reply, "response_id", where));
                }

                if (reply.TryGetProperty("headers", out var headers))
                {
                    if (headers.ValueKind != JsonValueKind.Object)
                    {
                        throw Error($"{where}.headers", "must be an object of strings");
                    }

                    foreach (var header in headers.EnumerateObject())
                    {
                        result = result.WithHeader(header.Name, header.Value.ValueKind == JsonValueKind.String
                            ? header.Value.GetString()!
                            : throw Error($"{where}.headers.{header.Name}", "must be a string"));
                    }
                }

                return result;
            default:
                throw Error(where, "must be a string, an array of steps or an object");
        }
    }

    private static ScriptedReply ParseSteps(ScriptedReply reply, JsonElement steps, string where)
    {
        var index = 0;
        foreach (var step in steps.EnumerateArray())
        {
            var at = $"{where}[{index++}]";
            if (step.ValueKind != JsonValueKind.Object)
            {
                throw Error(at, "a step must be an object with a \"type\"");
            }

            var type = RequiredString(step, "type", at);
            try
            {
                reply = type switch
                {
                    "message" => reply.WithMessage(RequiredString(step, "text", at), (int)Long(step, "deltas", at, 3)),
                    "reasoning" => reply.WithReasoning(Summary(step, at), OptionalString(step, "raw", at), OptionalString(step, "encrypted_content", at)),
                    "function_call" => reply.WithFunctionCall(RequiredString(step, "name", at), Arguments(step, at), RequiredString(step, "call_id", at)),
                    "custom_tool_call" => reply.WithCustomToolCall(RequiredString(step, "name", at), RequiredString(step, "input", at), RequiredString(step, "call_id", at)),
                    "delay" => reply.WithDelay(TimeSpan.FromMilliseconds(Long(step, "ms", at, null))),
                    "idle" => reply.WithIdle(TimeSpan.FromMilliseconds(Long(step, "ms", at, null))),
                    "http_error" => reply.ThenHttpError(
                        (int)Long(step, "status", at, null),
                        step.TryGetProperty("body", out var body) ? (body.ValueKind == JsonValueKind.String ? body.GetString() : body.GetRawText()) : null,
                        step.TryGetProperty("retry_after_seconds", out _) ? TimeSpan.FromSeconds(Long(step, "retry_after_seconds", at, null)) : null),
                    "drop" => reply.ThenDropStream(),
                    "abort" => reply.ThenAbortConnection(),
                    "failed" => reply.ThenFail(OptionalString(step, "code", at), RequiredString(step, "message", at)),
                    _ => throw Error($"{at}.type", $"unknown step type '{type}'"),
                };
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                throw Error(at, ex.Message);
            }
        }

        return reply;
    }

    private static IReadOnlyList<string> Summary(JsonElement step, string where)
    {
        if (!step.TryGetProperty("summary", out var summary))
        {
            return [];
        }

        return summary.ValueKind switch
        {
            JsonValueKind.String => [summary.GetString()!],
            JsonValueKind.Array => [.. summary.EnumerateArray().Select(part => part.ValueKind == JsonValueKind.String
                ? part.GetString()!
                : throw Error($"{where}.summary", "entries must be strings"))],
            _ => throw Error($"{where}.summary", "must be a string or an array of strings"),
        };
    }

    private static string Arguments(JsonElement step, string where) =>
        step.TryGetProperty("arguments", out var arguments)
            ? arguments.ValueKind == JsonValueKind.String ? arguments.GetString()! : arguments.GetRawText()
            : throw Error($"{where}.arguments", "is required");

    private static string RequiredString(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error($"{where}.{name}", "is required and must be a string");

    private static string? OptionalString(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error($"{where}.{name}", "must be a string");
    }

    private static long Long(JsonElement element, string name, string where, long? fallback)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return fallback ?? throw Error($"{where}.{name}", "is required");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw Error($"{where}.{name}", "must be a non-negative integer");
    }

    private static FormatException Error(string where, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"script: {where}: {problem}"));
}
