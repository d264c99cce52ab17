using System.Diagnostics;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Turns;

/// <summary>
/// One turn, whether a request waits on it or not: its state, elapsed time, recent progress,
/// parked approvals and, once over, its result. Its cancellation is its own, so the turn can
/// outlive the <c>tools/call</c> that started it.
/// </summary>
internal sealed class RunningTurn
{
    private const int ProgressLines = 12;

    private readonly object _gate = new();
    private readonly Queue<string> _progress = new();
    private readonly TaskCompletionSource<TurnCompletion> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _threadKnown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _startedTicks = Stopwatch.GetTimestamp();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _detached;

    public RunningTurn(RequestId requestId, string? threadId, bool detached, string? taskId)
    {
        RequestId = requestId;
        TaskId = taskId;
        _detached = detached;
        Approvals.Changed += NotifyChanged;
        if (threadId is not null)
        {
            ThreadId = threadId;
            _threadKnown.TrySetResult(threadId);
        }
    }

    /// <summary>Raised after the state changes (an approval parked or answered, the turn over).</summary>
    public event Action? StateChanged;

    /// <summary>The <c>tools/call</c> that started the turn; its events keep this id in <c>_meta.requestId</c>.</summary>
    public RequestId RequestId { get; }

    /// <summary>The MCP task that runs this turn, if any.</summary>
    public string? TaskId { get; }

    /// <summary>The conversation, once known (a new one's id comes with <c>session_configured</c>).</summary>
    public string? ThreadId { get; private set; }

    /// <summary>The turn's own cancellation: <c>codex-cancel</c>, <c>tasks/cancel</c>, or a waiting request's cancellation.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public ApprovalInbox Approvals { get; } = new();

    /// <summary>True once no request waits on the turn: approvals are then parked rather than only elicited.</summary>
    public bool Detached => _detached;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_startedTicks);

    /// <summary>Completes with the conversation id, or null when the turn ended before it had one.</summary>
    public Task<string?> ThreadKnown => _threadKnown.Task;

    public Task<TurnCompletion> Finished => _finished.Task;

    /// <summary>The result, once over.</summary>
    public TurnCompletion? Completion => _finished.Task.IsCompletedSuccessfully ? _finished.Task.Result : null;

    /// <summary>One of <see cref="CodexTurnStatus"/>.</summary>
    public string Status => Completion?.Status
        ?? (Approvals.HasPending ? CodexTurnStatus.WaitingForApproval : CodexTurnStatus.Running);

    public IReadOnlyList<string> RecentProgress
    {
        get
        {
            lock (_gate)
            {
                return [.. _progress];
            }
        }
    }

    public void Detach() => _detached = true;

    public void SetThreadId(string threadId)
    {
        ThreadId ??= threadId;
        _threadKnown.TrySetResult(threadId);
    }

    public void AddProgress(string line)
    {
        lock (_gate)
        {
            if (_progress.Count == ProgressLines)
            {
                _progress.Dequeue();
            }

            _progress.Enqueue(line);
        }
    }

    /// <summary>Runs the work on the thread pool; the turn is over when it returns.</summary>
    public void Start(Func<CancellationToken, Task<TurnCompletion>> work, ILogger logger)
    {
        _ = Task.Run(async () =>
        {
            TurnCompletion completion;
            try
            {
                completion = await work(Cancellation.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The tools map every expected failure to a result; this is the last guard, so a
                // background turn never dies unseen.
                logger.LogError(ex, "A turn failed unexpectedly");
                completion = new TurnCompletion(Codex.Protocol.Mcp.CallToolResult.Error($"The turn failed: {ex.Message}"), CodexTurnStatus.Failed);
            }

            Complete(completion);
        });
    }

    /// <summary>Ends the turn with a result (also used for tasks whose call was rejected before any turn ran).</summary>
    public void Complete(TurnCompletion completion)
    {
        _threadKnown.TrySetResult(ThreadId);
        if (_finished.TrySetResult(completion))
        {
            NotifyChanged();
        }
    }

    /// <summary>Waits until the state differs from <paramref name="from"/>, or the wait ends. Returns the state then.</summary>
    public async Task<string> WaitForChangeAsync(string from, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var now = Status;
            if (now != from)
            {
                return now;
            }

            try
            {
                await changed.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Status;
            }
        }
    }

    private void NotifyChanged()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
        StateChanged?.Invoke();
    }
}
