using System.Text.Json;
using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary><c>codex-approve</c>: answers an approval parked in a turn's inbox.</summary>
internal sealed class CodexApproveTool(EngineHost host) : IMcpTool
{
    public const string ToolName = "codex-approve";

    // The answer leaves the inbox at once; this only bounds the wait for that to show in the state.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public Tool Definition { get; } = new()
    {
        Name = ToolName,
        Title = "Codex Approve",
        Description = "Answer an approval a Codex turn waits for (listed as `pendingApprovals` by `codex`, `codex-reply` or `codex-status`): `approved` runs the command or applies the patch once, `approved_for_session` also allows it again in this conversation, `denied` refuses (give a `reason` for Codex), `abort` refuses and ends the turn.",
        InputSchema = CodexToolSchemas.ApproveInputSchema,
        OutputSchema = CodexToolSchemas.OutputSchema,
        Annotations = new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = false, OpenWorldHint = true },
    };

    public async ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken)
    {
        if (LongTurnArguments.Object(call, ToolName, out var error) is not { } arguments)
        {
            return error!;
        }

        var turn = LongTurnArguments.Turn(host, arguments, out error);
        var approvalId = turn is null ? null : LongTurnArguments.String(arguments, "approvalId", required: true, out error);
        var decisionText = approvalId is null ? null : LongTurnArguments.String(arguments, "decision", required: true, out error);
        var reason = decisionText is null ? null : LongTurnArguments.String(arguments, "reason", required: false, out error);
        if (turn is null || approvalId is null || decisionText is null || error is not null)
        {
            return error!;
        }

        ReviewDecision decision;
        try
        {
            decision = JsonSerializer.Deserialize($"\"{JsonEncodedText.Encode(decisionText)}\"", ProtocolJsonContext.Default.ReviewDecision);
        }
        catch (JsonException)
        {
            return CallToolResult.Error($"Unknown decision `{decisionText}`; use approved, approved_for_session, denied or abort.");
        }

        // The approval may belong to a reply that ran after the turn the thread reports first.
        turn = host.Turns.Unfinished(turn.ThreadId!).FirstOrDefault(t => t.Approvals.Pending.Any(p => p.ApprovalId == approvalId)) ?? turn;
        var before = turn.Status;
        if (!turn.Approvals.TryAnswer(approvalId, new ApprovalAnswer(decision, decision == ReviewDecision.Denied ? reason : null)))
        {
            var pending = turn.Approvals.Pending;
            var hint = pending.Count > 0 ? $" It waits for: {string.Join(", ", pending.Select(p => p.ApprovalId))}." : " It waits for no approval now.";
            return CallToolResult.Error($"Thread {turn.ThreadId} has no pending approval {approvalId} (answered already, timed out, or never asked).{hint}");
        }

        await turn.WaitForChangeAsync(before, Settle, cancellationToken).ConfigureAwait(false);
        return TurnReports.Report(turn, $"Answered {approvalId}: {decisionText}.");
    }
}
