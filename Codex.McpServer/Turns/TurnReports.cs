using System.Globalization;
using System.Text.Json;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Turns;

/// <summary>
/// The result of a call that returns while the turn goes on (<c>running</c>,
/// <c>waiting_for_approval</c>), and of <c>codex-status</c>: the state, the id and the next step in
/// one or two lines an LLM can act on, with the same facts in <c>structuredContent</c>.
/// </summary>
internal static class TurnReports
{
    /// <summary>The turn's state now; a finished turn's result exactly as a foreground call returns it.</summary>
    public static CallToolResult Report(RunningTurn turn, string? lead = null)
    {
        if (turn.Completion is { } done)
        {
            return lead is null ? done.Result : done.Result with { Content = [new TextContentBlock { Text = lead }, .. done.Result.Content] };
        }

        var id = turn.ThreadId ?? "(not yet known)";
        var elapsed = turn.Elapsed.TotalSeconds;
        var pending = turn.Approvals.Pending;
        string text;
        string next;
        string status;
        if (pending.Count > 0)
        {
            var first = pending[0];
            status = CodexTurnStatus.WaitingForApproval;
            var what = first.Kind == "exec" ? $"run `{first.Summary}`{(first.Cwd is null ? string.Empty : $" in {first.Cwd}")}" : first.Summary;
            var reason = first.Reason is { Length: > 0 } r ? $" Reason: {r}." : string.Empty;
            var more = pending.Count > 1 ? $" ({pending.Count - 1} more waiting.)" : string.Empty;
            text = $"Codex (thread {id}) is waiting for approval {first.ApprovalId} to {what}.{reason}{more}";
            next = $"Call `codex-approve` with threadId \"{id}\", approvalId \"{first.ApprovalId}\" and decision approved, approved_for_session, denied or abort.";
        }
        else
        {
            status = CodexTurnStatus.Running;
            text = string.Create(CultureInfo.InvariantCulture, $"Codex is still working on thread {id} (running for {elapsed:0} s).");
            next = $"Call `codex-status` with threadId \"{id}\" and wait-seconds 60 to follow it, or `codex-cancel` to stop it.";
        }

        if (lead is not null)
        {
            text = $"{lead} {text}";
        }

        var output = new CodexToolOutput
        {
            ThreadId = id,
            ConversationId = id,
            Content = $"{text} Next: {next}",
            Status = status,
            ElapsedSeconds = Math.Round(elapsed, 1),
            PendingApprovals = pending.Count > 0 ? pending : null,
            RecentProgress = turn.RecentProgress,
            Next = next,
        };
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = output.Content }, new TextContentBlock { Text = $"conversationId: {id}" }],
            StructuredContent = JsonSerializer.SerializeToElement(output, ProtocolJsonContext.Default.CodexToolOutput),
        };
    }
}
