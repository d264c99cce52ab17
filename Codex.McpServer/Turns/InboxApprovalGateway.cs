using Codex.Engine.Approvals;
using Codex.Protocol;

namespace Codex.McpServer.Turns;

/// <summary>
/// The approval gateway of one turn. While a request waits on the turn and the client can elicit,
/// it asks with <c>elicitation/create</c> exactly as before. Otherwise the approval is parked in the
/// turn's <see cref="ApprovalInbox"/>, where <c>codex-approve</c> answers it; a client that can
/// elicit is still asked, and whichever answer comes first counts. <c>approval_timeout_ms</c>
/// bounds every wait (then the approval counts as denied, as before).
/// </summary>
internal sealed class InboxApprovalGateway(
    RunningTurn turn,
    ElicitationApprovalGateway attached,
    ElicitationApprovalGateway parked,
    Func<bool> clientSupportsElicitation) : IApprovalGateway
{
    public Task<ApprovalAnswer> RequestExecApprovalAsync(ExecApprovalRequest request, CancellationToken cancellationToken)
    {
        var info = new PendingApprovalInfo
        {
            ApprovalId = NewId(),
            Kind = "exec",
            Summary = request.QuotedCommand,
            Cwd = request.Cwd,
            Reason = request.Reason,
        };
        return AskAsync(info, request.Timeout, (gateway, ct) => gateway.RequestExecApprovalAsync(request, ct), cancellationToken);
    }

    public Task<ApprovalAnswer> RequestPatchApprovalAsync(PatchApprovalRequest request, CancellationToken cancellationToken)
    {
        var info = new PendingApprovalInfo
        {
            ApprovalId = NewId(),
            Kind = "patch",
            Summary = $"apply changes to {string.Join(", ", request.Changes.Keys)}",
            Reason = request.Reason,
        };
        return AskAsync(info, request.Timeout, (gateway, ct) => gateway.RequestPatchApprovalAsync(request, ct), cancellationToken);
    }

    public Task<ApprovalAnswer> RequestMcpToolApprovalAsync(McpToolApprovalRequest request, CancellationToken cancellationToken)
    {
        var info = new PendingApprovalInfo
        {
            ApprovalId = NewId(),
            Kind = "mcp_tool",
            Summary = $"call the tool `{request.Tool}` of the MCP server `{request.Server}`{(request.Arguments is { } a ? $" with arguments {a.GetRawText()}" : string.Empty)}",
        };
        return AskAsync(info, request.Timeout, (gateway, ct) => gateway.RequestMcpToolApprovalAsync(request, ct), cancellationToken);
    }

    private static string NewId() => "ap-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<ApprovalAnswer> AskAsync(
        PendingApprovalInfo info,
        TimeSpan timeout,
        Func<ElicitationApprovalGateway, CancellationToken, Task<ApprovalAnswer>> elicit,
        CancellationToken cancellationToken)
    {
        var canElicit = clientSupportsElicitation();
        if (canElicit && !turn.Detached && turn.TaskId is null)
        {
            return await elicit(attached, cancellationToken).ConfigureAwait(false);
        }

        var answered = turn.Approvals.Park(info);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            if (canElicit)
            {
                // Ask too; a real answer settles the parked approval, an unanswered one leaves it parked.
                _ = ElicitIntoInboxAsync(info.ApprovalId, elicit, stop.Token);
            }

            return await answered.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new ApprovalAnswer(ReviewDecision.Denied, $"no answer to approval {info.ApprovalId} within {timeout.TotalSeconds:0.#} s (approval_timeout_ms), so it counts as a denial");
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            turn.Approvals.Remove(info.ApprovalId);
        }
    }

    private async Task ElicitIntoInboxAsync(string approvalId, Func<ElicitationApprovalGateway, CancellationToken, Task<ApprovalAnswer>> elicit, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await elicit(parked, cancellationToken).ConfigureAwait(false);
            turn.Approvals.TryAnswer(approvalId, answer);
        }
        catch (ApprovalUnansweredException)
        {
            // Stays parked for codex-approve.
        }
        catch (OperationCanceledException)
        {
            // Answered another way, timed out, or the turn was cancelled.
        }
    }
}
