using System.Text.Json;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>
/// What a recorded model request carried, read the same way for both wires: the system
/// instructions, the conversation messages (role and text) and the tool outputs.
/// </summary>
internal sealed record ModelRequestView(string Instructions, IReadOnlyList<(string Role, string Text)> Messages, IReadOnlyList<(string CallId, string Output)> ToolOutputs, IReadOnlyList<string> ToolNames)
{
    /// <summary>The texts of the messages with <paramref name="role"/>, in order.</summary>
    public IReadOnlyList<string> Texts(string role) => [.. Messages.Where(m => m.Role == role).Select(m => m.Text)];

    /// <summary>The user/assistant exchange as <c>"role: text"</c>, without the injected context messages.</summary>
    public IReadOnlyList<string> Dialogue =>
        [.. Messages
            .Where(m => m.Role is "user" or "assistant" && !m.Text.StartsWith("<environment_context>", StringComparison.Ordinal) && !m.Text.StartsWith("<user_instructions>", StringComparison.Ordinal))
            .Select(m => $"{m.Role}: {m.Text}")];

    public static ModelRequestView From(RecordedRequest request)
    {
        var body = request.Json ?? throw new AssertionException($"Request #{request.Index} has no JSON body: {request.Body}");
        return request.IsChat ? FromChat(body) : FromResponses(body);
    }

    private static ModelRequestView FromResponses(JsonElement body)
    {
        var messages = new List<(string, string)>();
        var outputs = new List<(string, string)>();
        foreach (var item in body.GetProperty("input").EnumerateArray())
        {
            switch (item.GetProperty("type").GetString())
            {
                case "message":
                    var text = string.Concat(item.GetProperty("content").EnumerateArray().Select(c => c.TryGetProperty("text", out var t) ? t.GetString() : string.Empty));
                    messages.Add((item.GetProperty("role").GetString()!, text));
                    break;
                case "function_call_output" or "custom_tool_call_output":
                    outputs.Add((item.GetProperty("call_id").GetString()!, item.GetProperty("output").GetString()!));
                    break;
            }
        }

        var tools = body.TryGetProperty("tools", out var t) ? t.EnumerateArray().Select(ToolName).ToList() : [];
        return new ModelRequestView(body.GetProperty("instructions").GetString()!, messages, outputs, tools);
    }

    private static ModelRequestView FromChat(JsonElement body)
    {
        var all = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.That(all[0].GetProperty("role").GetString(), Is.EqualTo("system"), "messages[0] of a Chat request is the system message");
        var messages = new List<(string, string)>();
        var outputs = new List<(string, string)>();
        foreach (var message in all.Skip(1))
        {
            var role = message.GetProperty("role").GetString()!;
            var content = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
            if (role == "tool")
            {
                outputs.Add((message.GetProperty("tool_call_id").GetString()!, content));
            }
            else if (!message.TryGetProperty("tool_calls", out _))
            {
                messages.Add((role, content));
            }
        }

        var tools = body.TryGetProperty("tools", out var t) ? t.EnumerateArray().Select(ToolName).ToList() : [];
        return new ModelRequestView(all[0].GetProperty("content").GetString()!, messages, outputs, tools);
    }

    private static string ToolName(JsonElement tool) =>
        tool.TryGetProperty("function", out var function) ? function.GetProperty("name").GetString()!
        : tool.TryGetProperty("name", out var name) ? name.GetString()!
        : tool.GetProperty("type").GetString()!;
}
