using System.Text.Json.Nodes;

namespace Codex.Testing;

/// <summary>Plays a reply as Chat Completions SSE chunks (spec §9.2), ending with <c>data: [DONE]</c>.</summary>
internal static class ChatStreamWriter
{
    /// <summary>Why a reply cannot be played on the Chat wire, or null when it can.</summary>
    public static string? Unsupported(ScriptedReply reply) =>
        reply.Steps.FirstOrDefault(step => step is ReplyStep.CustomToolCall or ReplyStep.Failed or ReplyStep.WebSearchCall) switch
        {
            ReplyStep.WebSearchCall => "hosted web search cannot be sent on the chat wire",
            ReplyStep.CustomToolCall => "custom tool calls cannot be sent on the chat wire",
            ReplyStep.Failed => "response.failed cannot be sent on the chat wire",
            _ => null,
        };

    public static async Task WriteAsync(SseResponse sse, ScriptedReply reply, string model, string responseId, CancellationToken cancellationToken)
    {
        var createdAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = true;

        Task ChunkAsync(JsonObject delta, string? finishReason = null, JsonObject? usage = null)
        {
            if (first)
            {
                delta["role"] = "assistant";
                first = false;
            }

            var chunk = new JsonObject
            {
                ["id"] = responseId,
                ["object"] = "chat.completion.chunk",
                ["created"] = createdAt,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
            };
            if (usage is not null)
            {
                chunk["usage"] = usage;
            }

            return sse.WriteAsync(null, chunk.ToJsonString(SseResponse.JsonOptions), cancellationToken);
        }

        var callIndex = 0;
        foreach (var step in reply.Steps)
        {
            switch (step)
            {
                case ReplyStep.Delay or ReplyStep.Idle or ReplyStep.HttpError or ReplyStep.DropStream or ReplyStep.AbortConnection:
                    if (!await sse.RunTransportStepAsync(step, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    break;
                case ReplyStep.Message message:
                    var pieces = SseResponse.Split(message.Text, message.Deltas).ToList();
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    for (var i = 0; i < pieces.Count; i++)
                    {
                        await ChunkAsync(new JsonObject { ["content"] = pieces[i] }).ConfigureAwait(false);
                        await SseResponse.PaceAsync(clock, i, pieces.Count, message.Spread, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case ReplyStep.Reasoning reasoning:
                    var text = reasoning.RawContent ?? string.Join("\n", reasoning.Summary);
                    foreach (var piece in SseResponse.Split(text, 2))
                    {
                        await ChunkAsync(new JsonObject { ["reasoning"] = piece }).ConfigureAwait(false);
                    }

                    break;
                case ReplyStep.FunctionCall call:
                    await ChunkAsync(new JsonObject
                    {
                        ["tool_calls"] = new JsonArray(new JsonObject
                        {
                            ["index"] = callIndex,
                            ["id"] = call.CallId,
                            ["type"] = "function",
                            ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = string.Empty },
                        }),
                    }).ConfigureAwait(false);
                    foreach (var piece in SseResponse.Split(call.Arguments, 2))
                    {
                        await ChunkAsync(new JsonObject
                        {
                            ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = callIndex, ["function"] = new JsonObject { ["arguments"] = piece } }),
                        }).ConfigureAwait(false);
                    }

                    callIndex++;
                    break;
                default:
                    throw new InvalidOperationException($"Reply step {step.GetType().Name} cannot be sent on the chat wire.");
            }
        }

        JsonObject? usageJson = null;
        if (reply.Usage is { } usage)
        {
            usageJson = new JsonObject
            {
                ["prompt_tokens"] = usage.InputTokens,
                ["completion_tokens"] = usage.OutputTokens,
                ["total_tokens"] = usage.TotalTokens,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedInputTokens },
                ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningOutputTokens },
            };
        }

        await ChunkAsync(new JsonObject(), callIndex > 0 ? "tool_calls" : "stop", usageJson).ConfigureAwait(false);
        await sse.WriteAsync(null, "[DONE]", cancellationToken).ConfigureAwait(false);
    }
}
