using Codex.Engine.Conversations;
using Codex.Protocol;

namespace Codex.Engine.Approvals;

/// <summary>
/// Asks for an approval the way every tool must: forward the approval-request event, make sure
/// it reached the client, ask through the gateway, and turn the answer into an outcome. An
/// <c>abort</c> stops the whole turn; a denial with a reason is also reported as a
/// <c>background_event</c>, so the user sees why nothing happened.
/// </summary>
internal static class ApprovalRequester
{
    public static async Task<ApprovalAnswer> AskExecAsync(TurnContext context, ExecApprovalRequest request, CancellationToken cancellationToken)
    {
        // Calls may run in parallel; the user still answers one question at a time.
        await context.Conversation.ApprovalLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            context.Emit(new ExecApprovalRequestEvent
            {
                CallId = request.CallId,
                Command = request.Command,
                Cwd = request.Cwd,
                Reason = request.Reason,
                ParsedCmd = request.ParsedCommand,
            });
            await context.FlushEventsAsync().ConfigureAwait(false);
            var answer = await context.Approvals.RequestExecApprovalAsync(request, cancellationToken).ConfigureAwait(false);
            return Check(context, answer, "Command not run");
        }
        finally
        {
            context.Conversation.ApprovalLock.Release();
        }
    }

    public static async Task<ApprovalAnswer> AskPatchAsync(TurnContext context, PatchApprovalRequest request, CancellationToken cancellationToken)
    {
        context.Emit(new ApplyPatchApprovalRequestEvent
        {
            CallId = request.CallId,
            Changes = request.Changes,
            Reason = request.Reason,
            GrantRoot = request.GrantRoot,
        });
        await context.FlushEventsAsync().ConfigureAwait(false);
        var answer = await context.Approvals.RequestPatchApprovalAsync(request, cancellationToken).ConfigureAwait(false);
        return Check(context, answer, "Patch not applied");
    }

    /// <summary>What the model is told when the user denies: the fixed text plus the user's reason.</summary>
    public static string Rejection(string fixedText, ApprovalAnswer answer) =>
        string.IsNullOrWhiteSpace(answer.Rejection) ? fixedText : $"{fixedText}: {answer.Rejection}";

    private static ApprovalAnswer Check(TurnContext context, ApprovalAnswer answer, string what)
    {
        if (answer.Decision == ReviewDecision.Abort)
        {
            throw new TurnAbortedByUserException();
        }

        if (answer.Decision == ReviewDecision.Denied && !string.IsNullOrWhiteSpace(answer.Rejection))
        {
            context.Emit(new BackgroundEvent { Message = $"{what}: {answer.Rejection}" });
        }

        return answer;
    }
}
