using System.Text.Json.Nodes;

namespace Codex.Testing;

/// <summary>Plays a reply as a Responses API SSE stream (spec §9.1), with output-item and delta events like the real API.</summary>
internal static class ResponsesStreamWriter
{
    public static async Task WriteAsync(SseResponse sse, ScriptedReply reply, string model, string responseId, CancellationToken cancellationToken)
    {
        var created = false;
        async Task EventAsync(string type, JsonObject payload)
        {
            if (!created)
            {
                created = true;
                await sse.WriteAsync("response.created", new JsonObject
                {
                    ["type"] = "response.created",
                    ["response"] = new JsonObject { ["id"] = responseId, ["object"] = "response", ["status"] = "in_progress", ["model"] = model, ["output"] = new JsonArray() },
                }.ToJsonString(SseResponse.JsonOptions), cancellationToken).ConfigureAwait(false);
            }

            var body = new JsonObject { ["type"] = type };
            foreach (var (key, value) in payload.ToList())
            {
                payload.Remove(key);
                body[key] = value;
            }

            await sse.WriteAsync(type, body.ToJsonString(SseResponse.JsonOptions), cancellationToken).ConfigureAwait(false);
        }

        var outputIndex = 0;
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
                case ReplyStep.Failed failed:
                    await EventAsync("response.failed", new JsonObject
                    {
                        ["response"] = new JsonObject
                        {
                            ["id"] = responseId,
                            ["status"] = "failed",
                            ["error"] = new JsonObject { ["code"] = failed.Code, ["message"] = failed.ErrorMessage },
                        },
                    }).ConfigureAwait(false);
                    return;
                case ReplyStep.Message message:
                {
                    var id = $"msg_{responseId}_{outputIndex}";
                    await EventAsync("response.output_item.added", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject { ["type"] = "message", ["id"] = id, ["status"] = "in_progress", ["role"] = "assistant", ["content"] = new JsonArray() },
                    }).ConfigureAwait(false);
                    var pieces = SseResponse.Split(message.Text, message.Deltas).ToList();
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    for (var i = 0; i < pieces.Count; i++)
                    {
                        await EventAsync("response.output_text.delta", new JsonObject
                        {
                            ["item_id"] = id, ["output_index"] = outputIndex, ["content_index"] = 0, ["delta"] = pieces[i],
                        }).ConfigureAwait(false);
                        await SseResponse.PaceAsync(clock, i, pieces.Count, message.Spread, cancellationToken).ConfigureAwait(false);
                    }

                    await EventAsync("response.output_text.done", new JsonObject
                    {
                        ["item_id"] = id, ["output_index"] = outputIndex, ["content_index"] = 0, ["text"] = message.Text,
                    }).ConfigureAwait(false);
                    await EventAsync("response.output_item.done", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject
                        {
                            ["type"] = "message",
                            ["id"] = id,
                            ["status"] = "completed",
                            ["role"] = "assistant",
                            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = message.Text, ["annotations"] = new JsonArray() }),
                        },
                    }).ConfigureAwait(false);
                    outputIndex++;
                    break;
                }

                case ReplyStep.Reasoning reasoning:
                {
                    var id = $"rs_{responseId}_{outputIndex}";
                    await EventAsync("response.output_item.added", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject { ["type"] = "reasoning", ["id"] = id, ["summary"] = new JsonArray() },
                    }).ConfigureAwait(false);
                    for (var part = 0; part < reasoning.Summary.Count; part++)
                    {
                        await EventAsync("response.reasoning_summary_part.added", new JsonObject
                        {
                            ["item_id"] = id, ["output_index"] = outputIndex, ["summary_index"] = part,
                            ["part"] = new JsonObject { ["type"] = "summary_text", ["text"] = string.Empty },
                        }).ConfigureAwait(false);
                        foreach (var piece in SseResponse.Split(reasoning.Summary[part], 2))
                        {
                            await EventAsync("response.reasoning_summary_text.delta", new JsonObject
                            {
                                ["item_id"] = id, ["output_index"] = outputIndex, ["summary_index"] = part, ["delta"] = piece,
                            }).ConfigureAwait(false);
                        }
                    }

                    if (reasoning.RawContent is not null)
                    {
                        foreach (var piece in SseResponse.Split(reasoning.RawContent, 2))
                        {
                            await EventAsync("response.reasoning_text.delta", new JsonObject
                            {
                                ["item_id"] = id, ["output_index"] = outputIndex, ["content_index"] = 0, ["delta"] = piece,
                            }).ConfigureAwait(false);
                        }
                    }

                    var item = new JsonObject
                    {
                        ["type"] = "reasoning",
                        ["id"] = id,
                        ["summary"] = new JsonArray([.. reasoning.Summary.Select(text => (JsonNode)new JsonObject { ["type"] = "summary_text", ["text"] = text })]),
                    };
                    if (reasoning.RawContent is not null)
                    {
                        item["content"] = new JsonArray(new JsonObject { ["type"] = "reasoning_text", ["text"] = reasoning.RawContent });
                    }

                    if (reasoning.EncryptedContent is not null)
                    {
                        item["encrypted_content"] = reasoning.EncryptedContent;
                    }

                    await EventAsync("response.output_item.done", new JsonObject { ["output_index"] = outputIndex, ["item"] = item }).ConfigureAwait(false);
                    outputIndex++;
                    break;
                }

                case ReplyStep.FunctionCall call:
                {
                    var id = $"fc_{responseId}_{outputIndex}";
                    await EventAsync("response.output_item.added", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject { ["type"] = "function_call", ["id"] = id, ["status"] = "in_progress", ["name"] = call.Name, ["arguments"] = string.Empty, ["call_id"] = call.CallId },
                    }).ConfigureAwait(false);
                    await EventAsync("response.function_call_arguments.delta", new JsonObject
                    {
                        ["item_id"] = id, ["output_index"] = outputIndex, ["delta"] = call.Arguments,
                    }).ConfigureAwait(false);
                    await EventAsync("response.output_item.done", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject { ["type"] = "function_call", ["id"] = id, ["status"] = "completed", ["name"] = call.Name, ["arguments"] = call.Arguments, ["call_id"] = call.CallId },
                    }).ConfigureAwait(false);
                    outputIndex++;
                    break;
                }

                case ReplyStep.WebSearchCall search:
                {
                    var id = $"ws_{responseId}_{outputIndex}";
                    await EventAsync("response.output_item.added", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject { ["type"] = "web_search_call", ["id"] = id, ["status"] = "in_progress" },
                    }).ConfigureAwait(false);
                    await EventAsync("response.output_item.done", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject
                        {
                            ["type"] = "web_search_call", ["id"] = id, ["status"] = "completed",
                            ["action"] = new JsonObject { ["type"] = "search", ["query"] = search.Query },
                        },
                    }).ConfigureAwait(false);
                    outputIndex++;
                    break;
                }

                case ReplyStep.CustomToolCall custom:
                {
                    var id = $"ctc_{responseId}_{outputIndex}";
                    await EventAsync("response.output_item.done", new JsonObject
                    {
                        ["output_index"] = outputIndex,
                        ["item"] = new JsonObject { ["type"] = "custom_tool_call", ["id"] = id, ["status"] = "completed", ["call_id"] = custom.CallId, ["name"] = custom.Name, ["input"] = custom.Input },
                    }).ConfigureAwait(false);
                    outputIndex++;
                    break;
                }

                default:
                    throw new InvalidOperationException($"Unknown reply step {step.GetType().Name}.");
            }
        }

        var usage = reply.Usage ?? new ScriptedUsage(0, 0);
        await EventAsync("response.completed", new JsonObject
        {
            ["response"] = new JsonObject
            {
                ["id"] = responseId,
                ["object"] = "response",
                ["status"] = "completed",
                ["model"] = model,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = usage.InputTokens,
                    ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedInputTokens },
                    ["output_tokens"] = usage.OutputTokens,
                    ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningOutputTokens },
                    ["total_tokens"] = usage.TotalTokens,
                },
            },
        }).ConfigureAwait(false);
    }
}
