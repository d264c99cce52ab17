using Codex.Protocol;

namespace Codex.McpServer;

/// <summary>
/// The approvals one turn waits for, parked where <c>codex-approve</c> (or a task's elicitation)
/// can answer them: for clients that cannot elicit, and for turns that no request waits on.
/// </summary>
internal sealed class ApprovalInbox
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>Raised after an approval is parked or leaves the inbox.</summary>
    public event Action? Changed;

    /// <summary>The parked approvals, oldest first.</summary>
    public IReadOnlyList<PendingApprovalInfo> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Select(e => e.Info)];
            }
        }
    }

    /// <summary>Whether any approval waits.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count > 0;
            }
        }
    }

    /// <summary>Parks an approval; the task completes when it is answered. Call <see cref="Remove"/> when done waiting.</summary>
    public Task<ApprovalAnswer> Park(PendingApprovalInfo info)
    {
        var entry = new Entry(info, new TaskCompletionSource<ApprovalAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _entries.Add(entry);
        }

        Changed?.Invoke();
        return entry.Answer.Task;
    }

    /// <summary>Answers a parked approval; false when no approval has that id.</summary>
    public bool TryAnswer(string approvalId, ApprovalAnswer answer)
    {
        Entry? entry;
        lock (_gate)
        {
            entry = _entries.Find(e => e.Info.ApprovalId == approvalId);
        }

        return entry is not null && entry.Answer.TrySetResult(answer);
    }

    /// <summary>Takes an approval out of the inbox (answered, timed out or cancelled).</summary>
    public void Remove(string approvalId)
    {
        bool removed;
        lock (_gate)
        {
            removed = _entries.RemoveAll(e => e.Info.ApprovalId == approvalId) > 0;
        }

        if (removed)
        {
            Changed?.Invoke();
        }
    }

    private sealed record Entry(PendingApprovalInfo Info, TaskCompletionSource<ApprovalAnswer> Answer);
}
