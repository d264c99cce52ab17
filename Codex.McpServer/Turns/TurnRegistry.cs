using System.Collections.Concurrent;

namespace Codex.McpServer.Turns;

/// <summary>
/// The latest turn of each conversation in this process, running or over, so <c>codex-status</c>,
/// <c>codex-cancel</c> and <c>codex-approve</c> can find it by <c>threadId</c> after its request is gone.
/// </summary>
internal sealed class TurnRegistry
{
    private readonly ConcurrentDictionary<string, RunningTurn> _byThread = new(StringComparer.Ordinal);

    public void Register(string threadId, RunningTurn turn) => _byThread[threadId] = turn;

    public RunningTurn? Find(string threadId) => _byThread.TryGetValue(threadId, out var turn) ? turn : null;
}
