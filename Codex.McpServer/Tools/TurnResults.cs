using System.Text.Json;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.McpServer.Turns;
using Codex.McpServer.Resources;
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
            Content =
            [
                new TextContentBlock { Text = text },
                new TextContentBlock { Text = $"conversationId: {result.ConversationId}" },
                new ResourceLinkContentBlock { Uri = ThreadUris.Transcript(result.ConversationId), Name = $"thread {result.ConversationId}", MimeType = ThreadUris.TranscriptMime },
                new ResourceLinkContentBlock { Uri = ThreadUris.Diff(result.ConversationId), Name = $"thread {result.ConversationId} diff", MimeType = ThreadUris.DiffMime },
            ],
            StructuredContent = JsonSerializer.SerializeToElement(Output(result.ConversationId, text, status, result.Summary), ProtocolJsonContext.Default.CodexToolOutput),
            IsError = completed ? null : true,
        };
        return new TurnCompletion(callResult, status);
    }

    /// <summary>A turn that could not run: a tool error with the status <c>failed</c>.</summary>
    public static TurnCompletion Failed(string message) => new(CallToolResult.Error(message), CodexTurnStatus.Failed);

    /// <summary>A turn that could not start because the configuration is unusable, in the words the tools always used.</summary>
    public static TurnCompletion ConfigFailed(ConfigException ex) => Failed($"Failed to load Codex configuration from overrides: {ex.Message}");

    public static string StatusOf(TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.Completed => CodexTurnStatus.Completed,
        TurnOutcome.Failed => CodexTurnStatus.Failed,
        _ => CodexTurnStatus.Interrupted,
    };

    public static JsonElement Structured(string conversationId, string content, string status) =>
        JsonSerializer.SerializeToElement(Output(conversationId, content, status, summary: null), ProtocolJsonContext.Default.CodexToolOutput);

    private static CodexToolOutput Output(string conversationId, string content, string status, TurnSummary? summary) => new()
    {
        ThreadId = conversationId,
        ConversationId = conversationId,
        Content = content,
        Status = status,
        ChangedFiles = summary?.ChangedFiles.Select(f => new CodexChangedFile { Path = f.Path, Kind = f.Kind }).ToList(),
        Diff = summary?.Diff,
        CommandsRun = summary?.CommandsRun.Select(c => new CodexCommandRun { Command = c.Command, ExitCode = c.ExitCode, DurationMs = (long)c.Duration.TotalMilliseconds }).ToList(),
        TokenUsage = summary?.TokenUsage,
        DurationMs = summary is null ? null : (long)summary.Duration.TotalMilliseconds,
    };
}
