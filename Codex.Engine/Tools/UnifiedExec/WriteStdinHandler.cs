using System.Text.Json;
using Codex.Engine.Conversations;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>
/// <c>write_stdin</c>: types <c>chars</c> into a running <c>exec_command</c> session (empty
/// <c>chars</c> just polls) and returns what it printed within <c>yield_time_ms</c>.
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
              "chars": {"type": "string", "description": "Bytes to write to stdin (may be empty to poll)."},
              "max_output_tokens": {"type": "number", "description": "Maximum number of tokens to return. Excess output will be truncated."},
              "session_id": {"type": "number", "description": "Identifier of the running unified exec session."},
              "yield_time_ms": {"type": "number", "description": "How long to wait (in milliseconds) for output before yielding. Defaults to 250; clamped to 250-30000."}
            },
            "required": ["session_id"],
            "additionalProperties": false
          }
        }
        """;

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
            try
            {
                session.Process.Write(arguments.Chars);
            }
            catch (IOException ex)
            {
                return $"write_stdin failed: {ex.Message}";
            }
        }

        var yieldMs = UnifiedExecOutput.ClampYield(arguments.YieldTimeMs, UnifiedExecOutput.DefaultWriteYieldMs);
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
