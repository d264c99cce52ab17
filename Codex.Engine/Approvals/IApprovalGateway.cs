using Codex.Protocol;

namespace Codex.Engine.Approvals;

/// <summary>
/// Asks the user to approve a command or a patch. The engine knows nothing of MCP; the front
/// end implements this with <c>elicitation/create</c>. Implementations never hang: a failure,
/// a timeout or a client that cannot be asked becomes a denial with a reason.
/// </summary>
public interface IApprovalGateway
{
    /// <summary>Asks whether a command may run.</summary>
    Task<ApprovalAnswer> RequestExecApprovalAsync(ExecApprovalRequest request, CancellationToken cancellationToken);

    /// <summary>Asks whether a patch may be written.</summary>
    Task<ApprovalAnswer> RequestPatchApprovalAsync(PatchApprovalRequest request, CancellationToken cancellationToken);

    /// <summary>Asks whether a tool of one of the agent's MCP servers may be called.</summary>
    Task<ApprovalAnswer> RequestMcpToolApprovalAsync(McpToolApprovalRequest request, CancellationToken cancellationToken);
}

/// <summary>A command that needs approval.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="SubmissionId">The turn's submission id (the event id of the approval request).</param>
/// <param name="CallId">The model's tool call id.</param>
/// <param name="Command">The argv.</param>
/// <param name="QuotedCommand">The argv shell-quoted for display (spec §4.1).</param>
/// <param name="Cwd">The absolute working directory.</param>
/// <param name="ParsedCommand">The summary shown to the user.</param>
/// <param name="Reason">Why approval is needed, when known.</param>
/// <param name="Timeout">How long to wait for an answer.</param>
public sealed record ExecApprovalRequest(
    string ConversationId,
    string SubmissionId,
    string CallId,
    IReadOnlyList<string> Command,
    string QuotedCommand,
    string Cwd,
    IReadOnlyList<ParsedCommand> ParsedCommand,
    string? Reason,
    TimeSpan Timeout);

/// <summary>A patch that needs approval.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="SubmissionId">The turn's submission id (the event id of the approval request).</param>
/// <param name="CallId">The model's tool call id.</param>
/// <param name="Changes">The changes, keyed by absolute path.</param>
/// <param name="Reason">Why approval is needed, when known.</param>
/// <param name="GrantRoot">A root the user may grant write access to.</param>
/// <param name="Timeout">How long to wait for an answer.</param>
public sealed record PatchApprovalRequest(
    string ConversationId,
    string SubmissionId,
    string CallId,
    IReadOnlyDictionary<string, FileChange> Changes,
    string? Reason,
    string? GrantRoot,
    TimeSpan Timeout);
