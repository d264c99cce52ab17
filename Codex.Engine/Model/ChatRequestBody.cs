using System.Text.Json;

namespace Codex.Engine.Model;

/// <summary>Writes the Chat Completions body of spec §9.2 from a Responses-shaped history.</summary>
internal static class ChatRequestBody
{
    /// <summary>
    /// <c>{"model", "messages", "stream": true, "tools"?}</c>. Only function tools are sent (converted to
    /// <c>{"type":"function","function":{…}}</c>); <c>tools</c> is omitted when none remain, since some servers
    /// reject an empty array.
    /// </summary>
    public static byte[] Build(ModelRequest request)
    {
        using var buffer = new PooledBufferWriter();
        Write(buffer, request);
        return buffer.ToArray();
    }

    /// <summary>Writes the body of <see cref="Build"/> into a pooled buffer (no per-request garbage).</summary>
    public static void Write(PooledBufferWriter buffer, ModelRequest request)
    {
        using (var json = new Utf8JsonWriter(buffer, ModelJsonContext.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("model", request.Model);
            json.WritePropertyName("messages");
            WriteMessages(json, request.Instructions, request.Input);
            json.WriteBoolean("stream", true);

            var tools = request.Tools.Where(IsFunctionTool).ToList();
            if (tools.Count > 0)
            {
                json.WriteStartArray("tools");
                foreach (var tool in tools)
                {
                    WriteChatTool(json, tool);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }
    }

    /// <summary>
    /// The system message, then the history: messages with their text concatenated, calls as assistant
    /// <c>tool_calls</c>, outputs as <c>tool</c> messages. Reasoning items are dropped, except that raw reasoning
    /// after the last user message is attached as <c>reasoning</c> to the next assistant item (else the previous
    /// one). An assistant message repeating the previous assistant message is skipped.
    /// </summary>
    internal static void WriteMessages(Utf8JsonWriter json, string instructions, IReadOnlyList<ResponseItem> input)
    {
        var reasoningByAnchor = AttachReasoning(input);

        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteString("role", "system");
        json.WriteString("content", instructions);
        json.WriteEndObject();

        string? lastAssistantText = null;
        for (var i = 0; i < input.Count; i++)
        {
            reasoningByAnchor.TryGetValue(i, out var reasoning);
            switch (input[i])
            {
                case MessageItem message:
                    var text = message.Text;
                    if (message.Role == "assistant")
                    {
                        if (text == lastAssistantText)
                        {
                            continue;
                        }

                        lastAssistantText = text;
                    }

                    json.WriteStartObject();
                    json.WriteString("role", message.Role);
                    if (message.Content.Any(part => part is InputImageContent))
                    {
                        WriteContentParts(json, message.Content);
                    }
                    else
                    {
                        json.WriteString("content", text);
                    }

                    WriteReasoning(json, reasoning);
                    json.WriteEndObject();
                    break;
                case FunctionCallItem call:
                    WriteToolCall(json, call.CallId, "function", reasoning, w =>
                    {
                        w.WriteStartObject("function");
                        w.WriteString("name", call.Name);
                        w.WriteString("arguments", call.Arguments);
                        w.WriteEndObject();
                    });
                    break;
                case CustomToolCallItem custom:
                    WriteToolCall(json, custom.CallId, "custom", reasoning, w =>
                    {
                        w.WriteStartObject("custom");
                        w.WriteString("name", custom.Name);
                        w.WriteString("input", custom.Input);
                        w.WriteEndObject();
                    });
                    break;
                case LocalShellCallItem shell:
                    WriteToolCall(json, shell.CallId ?? shell.Id ?? string.Empty, "local_shell_call", reasoning, w =>
                    {
                        w.WriteString("status", shell.Status);
                        w.WritePropertyName("action");
                        JsonSerializer.Serialize(w, shell.Action, ModelJsonContext.Default.LocalShellAction);
                    });
                    break;
                case FunctionCallOutputItem output:
                    WriteToolOutput(json, output.CallId, output.Output);
                    break;
                case CustomToolCallOutputItem output:
                    WriteToolOutput(json, output.CallId, output.Output);
                    break;
                default:
                    // Reasoning and hosted web-search items have no Chat Completions form.
                    break;
            }
        }

        json.WriteEndArray();
    }

    /// <summary>A message with images: Chat's <c>content</c> array of <c>text</c> and <c>image_url</c> parts, in order.</summary>
    private static void WriteContentParts(Utf8JsonWriter json, IReadOnlyList<ContentItem> content)
    {
        json.WriteStartArray("content");
        foreach (var part in content)
        {
            json.WriteStartObject();
            switch (part)
            {
                case InputImageContent image:
                    json.WriteString("type", "image_url");
                    json.WriteStartObject("image_url");
                    json.WriteString("url", image.ImageUrl);
                    json.WriteEndObject();
                    break;
                case InputTextContent input:
                    json.WriteString("type", "text");
                    json.WriteString("text", input.Text);
                    break;
                case OutputTextContent output:
                    json.WriteString("type", "text");
                    json.WriteString("text", output.Text);
                    break;
                case RefusalContent refusal:
                    json.WriteString("type", "text");
                    json.WriteString("text", refusal.Refusal);
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static Dictionary<int, string> AttachReasoning(IReadOnlyList<ResponseItem> input)
    {
        var anchors = new Dictionary<int, string>();
        var lastUser = -1;
        for (var i = 0; i < input.Count; i++)
        {
            if (input[i] is MessageItem { Role: "user" })
            {
                lastUser = i;
            }
        }

        for (var i = lastUser + 1; i < input.Count; i++)
        {
            if (input[i] is not ReasoningItem { Content: { Count: > 0 } content })
            {
                continue;
            }

            var text = string.Concat(content.Select(part => part.Content));
            if (text.Length == 0)
            {
                continue;
            }

            var anchor = FindAnchor(input, i + 1, 1, input.Count) ?? FindAnchor(input, i - 1, -1, lastUser);
            if (anchor is { } index)
            {
                anchors[index] = anchors.TryGetValue(index, out var existing) ? existing + text : text;
            }
        }

        return anchors;
    }

    private static int? FindAnchor(IReadOnlyList<ResponseItem> input, int start, int step, int stop)
    {
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            switch (input[i])
            {
                case MessageItem { Role: "assistant" }:
                case FunctionCallItem:
                case CustomToolCallItem:
                case LocalShellCallItem:
                    return i;
                case MessageItem:
                    return null;
                default:
                    continue;
            }
        }

        return null;
    }

    private static void WriteToolCall(Utf8JsonWriter json, string id, string type, string? reasoning, Action<Utf8JsonWriter> body)
    {
        json.WriteStartObject();
        json.WriteString("role", "assistant");
        json.WriteNull("content");
        WriteReasoning(json, reasoning);
        json.WriteStartArray("tool_calls");
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("type", type);
        body(json);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteToolOutput(Utf8JsonWriter json, string callId, string output)
    {
        json.WriteStartObject();
        json.WriteString("role", "tool");
        json.WriteString("tool_call_id", callId);
        json.WriteString("content", output);
        json.WriteEndObject();
    }

    private static void WriteReasoning(Utf8JsonWriter json, string? reasoning)
    {
        if (reasoning is not null)
        {
            json.WriteString("reasoning", reasoning);
        }
    }

    private static bool IsFunctionTool(JsonElement tool) =>
        tool.ValueKind == JsonValueKind.Object
        && tool.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String
        && type.GetString() == "function";

    private static void WriteChatTool(Utf8JsonWriter json, JsonElement tool)
    {
        if (tool.TryGetProperty("function", out var alreadyChat) && alreadyChat.ValueKind == JsonValueKind.Object)
        {
            tool.WriteTo(json);
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "function");
        json.WriteStartObject("function");
        foreach (var property in tool.EnumerateObject())
        {
            if (property.Name != "type")
            {
                property.WriteTo(json);
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
