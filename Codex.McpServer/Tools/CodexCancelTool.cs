using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary><c>codex-cancel</c>: interrupts a conversation's running turn; the conversation stays usable.</summary>
internal sealed class CodexCancelTool(EngineHost host) : IMcpTool
{
    public const string ToolName = "codex-cancel";

    // How long to wait for the turn to wind down (its commands are killed) before answering anyway.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    public Tool Definition { get; } = new()
    {
        Name = ToolName,
        Title = "Codex Cancel",
        Description = "Interrupt the running Codex turn of a conversation (its commands are stopped). The conversation stays usable: continue it with `codex-reply`.",
        InputSchema = CodexToolSchemas.CancelInputSchema,
        OutputSchema = CodexToolSchemas.OutputSchema,
        Annotations = new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = true, OpenWorldHint = false },
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

        if (turn.Completion is { } done)
        {
            return TurnReports.Report(turn, $"Nothing to cancel: the turn of thread {turn.ThreadId} is already over ({done.Status}).");
        }

        // The running turn and every reply queued behind it: a cancel that let the next one start would not stop Codex.
        var unfinished = host.Turns.Unfinished(turn.ThreadId!);
        foreach (var each in unfinished)
        {
            await each.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(unfinished.Select(t => t.Finished)).WaitAsync(Settle, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported as still running below.
        }

        var queued = unfinished.Count > 1 ? $" and the {QueuedReplies(unfinished.Count - 1)} queued behind it" : string.Empty;
        return turn.Completion is null
            ? TurnReports.Report(turn, "Cancellation requested; the turn is still stopping.")
            : TurnReports.Report(turn, $"Cancelled the turn of thread {turn.ThreadId}{queued}; continue the conversation with `codex-reply`.");
    }

    private static string QueuedReplies(int count) => count == 1 ? "reply" : $"{count} replies";
}
