using System.Text.Json;
using Codex.Engine.Conversations;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>
/// <c>write_stdin</c>: types <c>chars</c> into a running <c>exec_command</c> session on a pty (empty
/// <c>chars</c> just polls, a session on pipes too) and returns what it printed within <c>yield_time_ms</c>.
/// </summary>
internal sealed class WriteStdinHandler : IToolHandler
{
    private const string DefinitionJson = """
        {
          "type": "function",
          "name": "write_stdin",
          "description": "Writes characters to an existing unified exec session and returns recent output.",
          "strict": false,
          "parameters": {
            "type": "object",
            "properties": {
              "chars": {"type": "string", "description": "Bytes to write to stdin. Defaults to empty, which polls without writing."},
              "max_output_tokens": {"type": "number", "description": "Output token budget. Defaults to 10000 tokens; larger requests may be capped by policy."},
              "session_id": {"type": "number", "description": "Identifier of the running unified exec session."},
              "yield_time_ms": {"type": "number", "description": "Wait before yielding output. Non-empty writes default to 250 ms and cap at 30000 ms; empty polls wait 5000-300000 ms by default."}
            },
            "required": ["session_id"],
            "additionalProperties": false
          }
        }
        """;

    public const string StdinClosed = "stdin is closed for this session; rerun exec_command with tty=true to keep stdin open";

    public string Name => "write_stdin";

    public JsonElement Definition { get; } = ToolDefinitions.Parse(DefinitionJson);

    public async Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        if (!UnifiedExecArguments.TryParseWrite(call.Arguments ?? call.Input ?? string.Empty, out var arguments, out var error))
        {
            return ToolDefinitions.ArgumentError(error);
        }

        var store = context.Conversation.ExecSessions;
        if (store.Find(arguments.SessionId) is not { } session)
        {
            return $"write_stdin failed: Unknown session id {arguments.SessionId}";
        }

        if (arguments.Chars.Length > 0)
        {
            // Upstream's words: a session on pipes has no stdin to write to (an empty poll still works).
            if (!session.Process.AcceptsInput)
            {
                return $"write_stdin failed: {StdinClosed}";
            }

            try
            {
                session.Process.Write(arguments.Chars);
            }
            catch (IOException ex)
            {
                return $"write_stdin failed: {ex.Message}";
            }
        }

        var yieldMs = UnifiedExecOutput.ClampWriteYield(arguments.YieldTimeMs, arguments.Chars.Length == 0, context.Config.BackgroundTerminalMaxTimeoutMs);
        try
        {
            return await UnifiedExecOutput.CollectAsync(session, store, yieldMs, arguments.MaxOutputTokens, context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            store.Remove(session.Id);
            throw;
        }
    }
}
