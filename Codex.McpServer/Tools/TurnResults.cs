using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>How a finished turn becomes a <c>tools/call</c> result (spec §3.3): the final message, then the id.</summary>
internal static class TurnResults
{
    public static TurnCompletion Completion(TurnResult result)
    {
        var status = StatusOf(result.Outcome);
        var completed = result.Outcome == TurnOutcome.Completed;
        var text = completed ? result.LastAgentMessage ?? string.Empty : result.ErrorMessage ?? result.Outcome.ToString();
        var callResult = new CallToolResult
        {
            Content = [new TextContentBlock { Text = text }, new TextContentBlock { Text = $"conversationId: {result.ConversationId}" }],
            StructuredContent = Structured(result.ConversationId, text, status),
            IsError = completed ? null : true,
        };
        return new TurnCompletion(callResult, status);
    }

    public static CallToolResult From(TurnResult result) => Completion(result).Result;

    public static string StatusOf(TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.Completed => CodexTurnStatus.Completed,
        TurnOutcome.Failed => CodexTurnStatus.Failed,
        _ => CodexTurnStatus.Interrupted,
    };

    public static JsonElement Structured(string conversationId, string content, string status) =>
        JsonSerializer.SerializeToElement(new CodexToolOutput { ThreadId = conversationId, ConversationId = conversationId, Content = content, Status = status }, ProtocolJsonContext.Default.CodexToolOutput);
}
