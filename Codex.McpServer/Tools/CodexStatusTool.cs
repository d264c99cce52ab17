using System.Text.Json;
using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary><c>codex-status</c>: a turn's state, progress and pending approvals; its final result once over. Can wait for a change.</summary>
internal sealed class CodexStatusTool(EngineHost host) : IMcpTool
{
    public const string ToolName = "codex-status";

    public Tool Definition { get; } = new()
    {
        Name = ToolName,
        Title = "Codex Status",
        Description = "Report on a Codex turn started with `background: true` or that returned `running`/`waiting_for_approval`: its state, elapsed time, recent progress and pending approvals, and, once it is over, Codex's final message. With `wait-seconds` it answers as soon as the state changes, so you can wait without polling.",
        InputSchema = CodexToolSchemas.StatusInputSchema,
        OutputSchema = CodexToolSchemas.OutputSchema,
        Annotations = new ToolAnnotations { ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false },
    };

    public async ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken)
    {
        if (LongTurnArguments.Object(call, ToolName, out var error) is not { } arguments)
        {
            return error!;
        }

        var turn = LongTurnArguments.Turn(host, arguments, out error);
        if (turn is null)
        {
            return error!;
        }

        var wait = 0;
        if (arguments.TryGetProperty("wait-seconds", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out wait) || wait < 0)
            {
                return CallToolResult.Error($"`wait-seconds` must be a whole number of seconds from 0 to {LongTurnArguments.MaxWaitSeconds}.");
            }

            wait = Math.Min(wait, LongTurnArguments.MaxWaitSeconds);
        }

        if (wait > 0 && turn.Completion is null)
        {
            await turn.WaitForChangeAsync(turn.Status, TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
        }

        var queued = turn.Completion is null ? host.Turns.Unfinished(turn.ThreadId!).Count - 1 : 0;
        return TurnReports.Report(turn, queued > 0 ? $"({queued} more {(queued == 1 ? "reply is" : "replies are")} queued behind this turn.)" : null);
    }
}
