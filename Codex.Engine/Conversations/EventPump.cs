using System.Threading.Channels;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>
/// Delivers a turn's events to its sink one at a time, in the order they were posted. Posting is
/// synchronous, so callbacks that cannot await (HTTP retry notices, process output) keep order
/// with everything else; <see cref="DrainAsync"/> waits until every event is delivered, which is
/// how all of a call's events reach the client before its result.
/// </summary>
internal sealed class EventPump
{
    private readonly Channel<(string Id, EventMsg? Message, TaskCompletionSource? Marker)> _queue =
        Channel.CreateUnbounded<(string, EventMsg?, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IEventSink _sink;
    private readonly Task _delivery;

    public EventPump(IEventSink sink)
    {
        _sink = sink;
        _delivery = DeliverAsync();
    }

    public void Post(string submissionId, EventMsg message) => _queue.Writer.TryWrite((submissionId, message, null));

    /// <summary>Waits until everything posted so far has been delivered.</summary>
    public Task FlushAsync()
    {
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((string.Empty, null, delivered)) ? delivered.Task : _delivery;
    }

    public async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        await _delivery.ConfigureAwait(false);
    }

    private async Task DeliverAsync()
    {
        await foreach (var (id, message, marker) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (message is not null)
            {
                // Delivery is never cancelled: a cancelled turn still owes the client its turn_aborted.
                await _sink.EmitAsync(id, message, CancellationToken.None).ConfigureAwait(false);
            }

            marker?.TrySetResult();
        }
    }
}
