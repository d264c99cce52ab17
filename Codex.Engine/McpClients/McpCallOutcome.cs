using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Protocol;
using ModelContextProtocol.Protocol;
using Duration = Codex.Protocol.Duration;

namespace Codex.Engine.McpClients;

/// <summary>
/// The two ends of an MCP call as the client and the model see them: <c>mcp_tool_call_begin</c>/<c>_end</c>
/// events, and the output text (spec §7.5: <c>structuredContent</c> as JSON when present, else the
/// <c>content</c> array as JSON; a failed call is <c>err: …</c>).
/// </summary>
internal static class McpCallOutcome
{
    public static void Begin(TurnContext context, string callId, McpInvocation invocation) =>
        context.Emit(new McpToolCallBeginEvent { CallId = callId, Invocation = invocation });

    public static string Succeeded(TurnContext context, string callId, McpInvocation invocation, TimeSpan duration, CallToolResult result)
    {
        var resultJson = McpJson.ToElement(result);
        context.Emit(new McpToolCallEndEvent
        {
            CallId = callId,
            Invocation = invocation,
            Duration = Duration.FromTimeSpan(duration),
            Result = McpJson.Build(w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("Ok");
                resultJson.WriteTo(w);
                w.WriteEndObject();
            }),
        });
        return ModelText(result);
    }

    public static string Failed(TurnContext context, string callId, McpInvocation invocation, TimeSpan duration, string message)
    {
        context.Emit(new McpToolCallEndEvent
        {
            CallId = callId,
            Invocation = invocation,
            Duration = Duration.FromTimeSpan(duration),
            Result = McpJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("Err", message);
                w.WriteEndObject();
            }),
        });
        return "err: " + message;
    }

    /// <summary>What the model reads for a result.</summary>
    public static string ModelText(CallToolResult result)
    {
        if (result.StructuredContent is { } structured && structured.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return McpJson.ToText(structured);
        }

        return McpJson.ToText<IList<ContentBlock>>(result.Content);
    }
}
