namespace Codex.McpServer.Turns;

/// <summary>
/// The turns of each conversation in this process, so <c>codex-status</c>, <c>codex-cancel</c> and
/// <c>codex-approve</c> can find them by <c>threadId</c> after their requests are gone. A conversation runs
/// one turn at a time: a <c>codex-reply</c> sent while a turn runs waits behind it, so a thread can have
/// one running turn and replies queued after it. Of the turns that are over, only the latest is kept.
/// </summary>
internal sealed class TurnRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<RunningTurn>> _byThread = new(StringComparer.Ordinal);

    public void Register(string threadId, RunningTurn turn)
    {
        lock (_gate)
        {
            if (!_byThread.TryGetValue(threadId, out var turns))
            {
                _byThread[threadId] = turns = [];
            }

            if (!turns.Contains(turn))
            {
                turns.RemoveAll(t => t.Completion is not null);
                turns.Add(turn);
            }
        }
    }

    /// <summary>
    /// The turn to report for the thread: the oldest one not over (it is the one running; replies queued
    /// behind it run next), or else the latest. Null when no turn of the thread ran in this process.
    /// </summary>
    public RunningTurn? Find(string threadId)
    {
        lock (_gate)
        {
            return _byThread.TryGetValue(threadId, out var turns)
                ? turns.FirstOrDefault(t => t.Completion is null) ?? turns.LastOrDefault()
                : null;
        }
    }

    /// <summary>The thread's turns that are not over, oldest first: the running one, then the queued replies.</summary>
    public IReadOnlyList<RunningTurn> Unfinished(string threadId)
    {
        lock (_gate)
        {
            return _byThread.TryGetValue(threadId, out var turns) ? [.. turns.Where(t => t.Completion is null)] : [];
        }
    }

    /// <summary>
    /// Cancels every turn still running (the client is gone, so no one can follow them) and waits
    /// up to <paramref name="timeout"/> for them to end, so their commands are killed, not orphaned.
    /// </summary>
    public async Task CancelAllAsync(TimeSpan timeout)
    {
        List<RunningTurn> running;
        lock (_gate)
        {
            running = [.. _byThread.Values.SelectMany(turns => turns).Where(t => t.Completion is null)];
        }

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
