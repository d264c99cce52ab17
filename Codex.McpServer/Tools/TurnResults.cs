using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>How a finished turn becomes a <c>tools/call</c> result (spec §3.3): the final message, then the id.</summary>
internal static class TurnResults
{
    public static CallToolResult From(TurnResult result)
    {
        var completed = result.Outcome == TurnOutcome.Completed;
        var text = completed ? result.LastAgentMessage ?? string.Empty : result.ErrorMessage ?? result.Outcome.ToString();
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }, new TextContentBlock { Text = $"conversationId: {result.ConversationId}" }],
            StructuredContent = Structured(result.ConversationId, text),
            IsError = completed ? null : true,
        };
    }

    public static JsonElement Structured(string conversationId, string content) =>
        JsonSerializer.SerializeToElement(new CodexToolOutput { ThreadId = conversationId, ConversationId = conversationId, Content = content }, ProtocolJsonContext.Default.CodexToolOutput);
}
