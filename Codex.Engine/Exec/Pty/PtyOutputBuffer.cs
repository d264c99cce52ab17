namespace Codex.Engine.Exec.Pty;

/// <summary>
/// The output of a pty process: the bytes not yet handed to a tool call (bounded: the oldest are
/// dropped past <see cref="MaxPendingBytes"/>) and the head of everything it printed (for
/// <c>exec_command_end</c>), plus a signal for waiters. Thread-safe.
/// </summary>
internal sealed class PtyOutputBuffer
{
    /// <summary>Bytes kept between two calls; a chatty process that nobody polls costs no more.</summary>
    public const int MaxPendingBytes = 1024 * 1024;

    /// <summary>Bytes of the whole output kept for the end event.</summary>
    public const int MaxAggregateBytes = 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly LinkedList<byte[]> _pending = new();
    private readonly MemoryStream _aggregate = new();
    private long _pendingBytes;
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>Adds a chunk read from the terminal.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _pending.AddLast(chunk.ToArray());
            _pendingBytes += chunk.Length;
            while (_pendingBytes > MaxPendingBytes && _pending.First is { } oldest)
            {
                _pendingBytes -= oldest.Value.Length;
                _pending.RemoveFirst();
            }

            long room = MaxAggregateBytes - _aggregate.Length;
            if (room > 0)
            {
                _aggregate.Write(chunk[..(int)Math.Min(room, chunk.Length)]);
            }

            signal = _signal;
            _signal = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>Takes the chunks added since the last call.</summary>
    public List<byte[]> TakePending()
    {
        lock (_lock)
        {
            var chunks = _pending.ToList();
            _pending.Clear();
            _pendingBytes = 0;
            return chunks;
        }
    }

    /// <summary>A task that completes when the next chunk arrives.</summary>
    public Task NextChunk()
    {
        lock (_lock)
        {
            return _pending.Count > 0 ? Task.CompletedTask : _signal.Task;
        }
    }

    /// <summary>Everything printed so far (its first <see cref="MaxAggregateBytes"/>), decoded.</summary>
    public string Aggregate()
    {
        lock (_lock)
        {
            return System.Text.Encoding.UTF8.GetString(_aggregate.GetBuffer(), 0, (int)_aggregate.Length);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
