using Codex.Engine.Approvals;
using Codex.Engine.Conversations;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;
using Codex.Protocol;

namespace Codex.Engine.Tools.Shell;

/// <summary>
/// What follows a command the sandbox refused (spec §5.2 step 5), for <c>shell</c> and <c>exec_command</c> alike:
/// under <c>never</c> the refusal is reported; otherwise the failed attempt ends, the user is asked (unless the
/// command was approved already), and the command is re-run without the sandbox.
/// </summary>
internal static class SandboxDenialFlow
{
    /// <summary>
    /// Sends the refused attempt's end event through <paramref name="emitEnd"/> and decides. Returns the text for
    /// the model when the command must not run again (reported, or the user refused the re-run); null to re-run it
    /// unsandboxed.
    /// </summary>
    public static async Task<string?> DecideAsync(
        TurnContext context,
        ToolCall call,
        IReadOnlyList<string> argv,
        string cwd,
        IReadOnlyList<ParsedCommand> parsed,
        string approvalKey,
        bool approved,
        ExecResult denied,
        Action<ExecResult> emitEnd,
        CancellationToken cancellationToken)
    {
        var action = ApprovalPolicyEvaluator.OnSandboxDenial(context.Config.ApprovalPolicy, approved);
        if (action == SandboxDenialAction.Report)
        {
            // Under `never` the end event reports the denial, not the raw result.
            var reason = SandboxDenial.DenialReason(denied);
            var text = reason is null ? "failed in sandbox" : $"failed in sandbox: {reason}";
            emitEnd(new ExecResult { ExitCode = -1, Stdout = string.Empty, Stderr = text, AggregatedOutput = text, Duration = denied.Duration });
            return text;
        }

        emitEnd(denied);
        if (action == SandboxDenialAction.AskToRetryUnsandboxed)
        {
            var answer = await ShellHandler.AskAsync(context, call, argv, cwd, parsed, ApprovalPolicyEvaluator.RetryWithoutSandboxReason, cancellationToken).ConfigureAwait(false);
            if (answer.Decision == ReviewDecision.Denied)
            {
                return ApprovalRequester.Rejection(ShellHandler.RejectedByUser, answer);
            }

            ShellHandler.Remember(context, answer, approvalKey);
        }

        return null;
    }
}
