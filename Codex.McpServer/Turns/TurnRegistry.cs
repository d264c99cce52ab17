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

    /// <summary>
    /// Cancels every turn still running (the client is gone, so no one can follow them) and waits
    /// up to <paramref name="timeout"/> for them to end, so their commands are killed, not orphaned.
    /// </summary>
    public async Task CancelAllAsync(TimeSpan timeout)
    {
        var running = _byThread.Values.Where(t => t.Completion is null).ToList();
        foreach (var turn in running)
        {
            await turn.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        if (running.Count > 0)
        {
            await Task.WhenAny(Task.WhenAll(running.Select(t => t.Finished)), Task.Delay(timeout)).ConfigureAwait(false);
        }
    }
}
