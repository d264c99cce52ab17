using Codex.Engine.Conversations;
using Codex.Protocol;

namespace Codex.McpServer.Turns;

/// <summary>
/// Sits in front of the call's <see cref="EventForwarder"/>: keeps the short progress lines that
/// <c>codex-status</c> shows, and registers a new conversation's turn once its id is known.
/// Every event still goes to the client as <c>codex/event</c>, also after the request has ended.
/// </summary>
internal sealed class TurnProgressSink(IEventSink inner, RunningTurn turn, TurnRegistry registry) : IEventSink
{
    public async ValueTask EmitAsync(string submissionId, EventMsg message, CancellationToken cancellationToken)
    {
        if (message is SessionConfiguredEvent configured)
        {
            turn.SetThreadId(configured.SessionId);
            registry.Register(configured.SessionId, turn);
        }

        if (Describe(message) is { } line)
        {
            turn.AddProgress($"[{turn.Elapsed.TotalSeconds:0}s] {line}");
        }

        await inner.EmitAsync(submissionId, message, cancellationToken).ConfigureAwait(false);
    }

    private static string? Describe(EventMsg message) => message switch
    {
        TaskStartedEvent => "turn started",
        ExecCommandBeginEvent begin => $"running `{Shorten(string.Join(' ', begin.Command))}`",
        ExecCommandEndEvent end => $"command ended with exit code {end.ExitCode}",
        PatchApplyBeginEvent patch => $"applying a patch to {string.Join(", ", patch.Changes.Keys.Select(Path.GetFileName))}",
        PlanUpdateEvent plan => $"plan: {plan.Plan.Count(p => p.Status == StepStatus.Completed)}/{plan.Plan.Count} steps done",
        StreamErrorEvent retry => $"retrying the model: {Shorten(retry.Message)}",
        ErrorEvent error => $"error: {Shorten(error.Message)}",
        AgentMessageEvent agent => $"message: {Shorten(agent.Message)}",
        TaskCompleteEvent => "turn complete",
        TurnAbortedEvent aborted => $"turn aborted ({aborted.Reason})",
        _ => null,
    };

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 120 ? line : string.Concat(line.AsSpan(0, 117), "...");
    }
}
