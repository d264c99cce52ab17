using System.Collections.Concurrent;
using Codex.Protocol;
using Codex.Protocol.Client;

namespace Codex.McpServer.Tests.Approvals;

/// <summary>
/// The client's approval handler in a test: records every elicitation it is sent and answers
/// each with <paramref name="answer"/>.
/// </summary>
internal sealed class ApprovalRecorder(Func<ApprovalRequest, CancellationToken, ValueTask<ApprovalAnswer>> answer)
{
    private readonly ConcurrentQueue<ApprovalRequest> _requests = new();

    /// <summary>Every elicitation received, in order.</summary>
    public IReadOnlyList<ApprovalRequest> Requests => [.. _requests];

    /// <summary>Answers every request with the same decision.</summary>
    public static ApprovalRecorder Always(ReviewDecision decision) =>
        new((_, _) => ValueTask.FromResult(new ApprovalAnswer(decision)));

    /// <summary>Client options that declare elicitation and answer through this recorder.</summary>
    public CodexMcpClientOptions Options => new() { ApprovalHandler = HandleAsync };

    private ValueTask<ApprovalAnswer> HandleAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        return answer(request, cancellationToken);
    }
}
