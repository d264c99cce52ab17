using System.Runtime.CompilerServices;
using System.Text.Json;
using Codex.Engine.Approvals;
using Codex.Engine.Conversations;
using Codex.Protocol;

namespace Codex.Engine.McpClients;

/// <summary>
/// Approval of MCP tool calls that need it (see <see cref="McpToolHandler.NeedsApproval"/>): with
/// <c>approval_policy = "never"</c> nothing is asked; otherwise the gateway asks the user, and
/// <c>approved_for_session</c> is remembered per conversation, server and tool.
/// </summary>
internal sealed class McpApprovals
{
    private readonly ConditionalWeakTable<Conversation, HashSet<string>> _remembered = [];

    public async Task<bool> IsApprovedAsync(TurnContext context, string callId, string server, string tool, JsonElement? arguments, CancellationToken cancellationToken)
    {
        if (context.Config.ApprovalPolicy == AskForApproval.Never)
        {
            return true;
        }

        var key = server + "\u0000" + tool;
        var remembered = _remembered.GetValue(context.Conversation, _ => new HashSet<string>(StringComparer.Ordinal));
        lock (remembered)
        {
            if (remembered.Contains(key))
            {
                return true;
            }
        }

        await context.FlushEventsAsync().ConfigureAwait(false);
        var answer = await context.Approvals.RequestMcpToolApprovalAsync(
            new McpToolApprovalRequest(context.Conversation.Id, context.SubmissionId, callId, server, tool, arguments, context.Config.ApprovalTimeout),
            cancellationToken).ConfigureAwait(false);
        switch (answer.Decision)
        {
            case ReviewDecision.Abort:
                throw new TurnAbortedByUserException();
            case ReviewDecision.ApprovedForSession:
                lock (remembered)
                {
                    remembered.Add(key);
                }

                return true;
            case ReviewDecision.Approved:
                return true;
            default:
                if (!string.IsNullOrWhiteSpace(answer.Rejection))
                {
                    context.Emit(new BackgroundEvent { Message = $"MCP tool call not made: {answer.Rejection}" });
                }

                return false;
        }
    }
}
