using System.Text.Json;
using Codex.Engine.Approvals;

namespace Codex.McpServer;

/// <summary>
/// The <c>elicitation/create</c> parameters that ask whether the agent may call a tool of one of its
/// MCP servers: the MCP-standard message and empty schema, plus Codex's fields as for the other
/// approvals (<c>codex_elicitation</c> is <c>mcp-tool-call-approval</c>) and the server, tool and arguments.
/// </summary>
internal static class McpToolApprovalParams
{
    public const string Kind = "mcp-tool-call-approval";

    public static JsonElement Create(McpToolApprovalRequest request, string toolCallId)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("message", $"Allow Codex to call the tool `{request.Tool}` of the MCP server `{request.Server}`{(request.Arguments is { } a ? $" with arguments {a.GetRawText()}" : string.Empty)}?");
            w.WriteStartObject("requestedSchema");
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("threadId", request.ConversationId);
            w.WriteString("codex_elicitation", Kind);
            w.WriteString("codex_mcp_tool_call_id", toolCallId);
            w.WriteString("codex_event_id", request.SubmissionId);
            w.WriteString("codex_call_id", request.CallId);
            w.WriteString("codex_mcp_server", request.Server);
            w.WriteString("codex_mcp_tool", request.Tool);
            if (request.Arguments is { } arguments)
            {
                w.WritePropertyName("codex_mcp_arguments");
                arguments.WriteTo(w);
            }

            w.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
