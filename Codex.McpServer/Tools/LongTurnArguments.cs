using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.McpServer.Turns;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>Reads the arguments of <c>codex-status</c>, <c>codex-cancel</c> and <c>codex-approve</c>, and finds the turn.</summary>
internal static class LongTurnArguments
{
    /// <summary>The most <c>wait-seconds</c> honoured: clients time a call out at about a minute or a few.</summary>
    public const int MaxWaitSeconds = 300;

    public static JsonElement? Object(ToolCallContext call, string tool, out CallToolResult? error)
    {
        error = null;
        if (call.Arguments is { ValueKind: JsonValueKind.Object } arguments)
        {
            return arguments;
        }

        error = CallToolResult.Error($"Missing arguments for {tool}; the `threadId` field is required.");
        return null;
    }

    public static string? String(JsonElement arguments, string name, bool required, out CallToolResult? error)
    {
        error = null;
        if (!arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = CallToolResult.Error($"Missing field `{name}`.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = CallToolResult.Error($"`{name}` must be a string.");
            return null;
        }

        return value.GetString();
    }

    /// <summary>The turn of <c>threadId</c>, or an error result that says what to do instead.</summary>
    public static RunningTurn? Turn(EngineHost host, JsonElement arguments, out CallToolResult? error)
    {
        var raw = String(arguments, "threadId", required: true, out error);
        if (raw is null)
        {
            return null;
        }

        string id;
        try
        {
            id = ConversationManager.NormalizeId(raw);
        }
        catch (FormatException ex)
        {
            error = CallToolResult.Error($"Failed to parse threadId: {ex.Message}");
            return null;
        }

        var turn = host.Turns.Find(id);
        if (turn is null)
        {
            error = CallToolResult.Error($"No turn of thread {id} has run in this server since it started. To continue that conversation, call `codex-reply` with this threadId.");
        }

        return turn;
    }
}
